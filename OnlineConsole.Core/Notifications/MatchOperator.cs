namespace OnlineConsole.Core.Notifications;

/// <summary>How a matcher compares: =, !=, =~ (regex, anchored), !~ (regex, anchored, negated).</summary>
public enum MatchOperator
{
    Equal,
    NotEqual,
    Regex,
    NotRegex,
}
