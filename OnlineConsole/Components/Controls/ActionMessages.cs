using Microsoft.Extensions.Localization;
using OnlineConsole.Resources;
using OnlineConsole.Security;

namespace OnlineConsole.Components.Controls;

/// <summary>What a page shows for an action that did not go through.</summary>
public static class ActionMessages
{
    public static string Problem(IStringLocalizer<UiText> l, ActionResult result)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(result);
        return result.Status == ActionStatus.Refused
            ? l["Refusal." + result.Refusal, l["Role." + result.Required].Value, l["Role." + result.Who.Role].Value].Value
            : result.Problem ?? "";
    }
}
