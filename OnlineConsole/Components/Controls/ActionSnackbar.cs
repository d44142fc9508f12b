using MudBlazor;

namespace OnlineConsole.Components.Controls;

/// <summary>Shows the outcome of an operator action as a snackbar: severity colour, its icon and the text.</summary>
public static class ActionSnackbar
{
    public static void Show(ISnackbar snackbar, Severity severity, string text)
    {
        ArgumentNullException.ThrowIfNull(snackbar);
        snackbar.Add(text, severity, o =>
        {
            o.Icon = severity switch
            {
                Severity.Success => Icons.Material.Filled.CheckCircle,
                Severity.Warning => Icons.Material.Filled.Warning,
                Severity.Error => Icons.Material.Filled.Error,
                _ => Icons.Material.Filled.Info,
            };
            // Errors stay until dismissed: a refusal must not vanish before it is read.
            o.RequireInteraction = severity == Severity.Error;
            o.ShowCloseIcon = true;
        });
    }
}
