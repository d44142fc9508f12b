namespace OnlineConsole.Resources;

/// <summary>Marker for the UI text resources (UiText.resx, UiText.zh-CN.resx; edit texts.py).</summary>
#pragma warning disable CA1812, CA1515 // Used only as the type argument of IStringLocalizer<UiText>.
public sealed class UiText;
#pragma warning restore CA1812, CA1515
