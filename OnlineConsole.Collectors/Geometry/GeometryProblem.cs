namespace OnlineConsole.Collectors.Geometry;

/// <summary>One defect of a channel-map file, printed as <c>file:line:column: problem</c> (the form editors jump to).</summary>
public sealed record GeometryProblem(string File, int Line, int Column, string Problem)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Problem}";
}
