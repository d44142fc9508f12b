using MudBlazor;

namespace OnlineConsole.Components.Layout;

/// <summary>
/// The console's one MudBlazor theme. Dark is the default (control rooms, wall screens); text colours are chosen
/// for at least 4.5:1 contrast on their background in both palettes. System fonts only: nothing is loaded from
/// outside the app (the CSP allows 'self' alone), and CJK text falls back to the system's Noto/YaHei.
/// </summary>
public static class ConsoleTheme
{
    private static readonly string[] Fonts = ["system-ui", "Noto Sans CJK SC", "Microsoft YaHei", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#2f5fa7",
            Secondary = "#5b6474",
            AppbarBackground = "#1f2a3a",
            AppbarText = "#ffffff",
            Background = "#f4f6f9",
            Surface = "#ffffff",
            DrawerBackground = "#ffffff",
            DrawerText = "#1b2330",
            TextPrimary = "#1b2330",
            TextSecondary = "#4a5363",
            Success = "#1e7a3c",
            Warning = "#8a5a00",
            Error = "#b3261e",
            Info = "#2f5fa7",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8ab4f8",
            // Light blue: text on filled primary buttons must be dark to be readable.
            PrimaryContrastText = "#0b1a33",
            Secondary = "#b4bcc8",
            AppbarBackground = "#0d1117",
            AppbarText = "#e8ecf1",
            Background = "#111418",
            Surface = "#1a1f26",
            DrawerBackground = "#151a20",
            DrawerText = "#e8ecf1",
            DrawerIcon = "#c3cad5",
            TextPrimary = "#e8ecf1",
            TextSecondary = "#b4bcc8",
            ActionDefault = "#c3cad5",
            LinesDefault = "#3a424e",
            TableLines = "#3a424e",
            Divider = "#3a424e",
            // Light fills: the text on them (snackbars, filled alerts and buttons) must be dark to be readable.
            Success = "#4cc26e",
            SuccessContrastText = "#04210e",
            Warning = "#f2b93b",
            WarningContrastText = "#231600",
            Error = "#ff6b6b",
            ErrorContrastText = "#2a0404",
            Info = "#8ab4f8",
            InfoContrastText = "#0b1a33",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = Fonts },
            H1 = new H1Typography { FontFamily = Fonts },
            H2 = new H2Typography { FontFamily = Fonts },
            H3 = new H3Typography { FontFamily = Fonts },
            H4 = new H4Typography { FontFamily = Fonts },
            H5 = new H5Typography { FontFamily = Fonts },
            H6 = new H6Typography { FontFamily = Fonts },
            Body1 = new Body1Typography { FontFamily = Fonts },
            Body2 = new Body2Typography { FontFamily = Fonts },
            Button = new ButtonTypography { FontFamily = Fonts },
            Caption = new CaptionTypography { FontFamily = Fonts },
            Subtitle1 = new Subtitle1Typography { FontFamily = Fonts },
            Subtitle2 = new Subtitle2Typography { FontFamily = Fonts },
            Overline = new OverlineTypography { FontFamily = Fonts },
        },
    };
}
