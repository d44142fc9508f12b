using System.Text.Json;
using Blazor.Diagrams.Core.Models;

namespace DiagramsBench.Topology;

/// <summary>A link between two drawn nodes: a real one (its TopologyElements data) or a collapsed rack's stand-in.</summary>
public sealed class TopologyLink : LinkModel
{
    public TopologyLink(string id, TopologyNode source, TopologyNode target, JsonElement? data) : base(id, source, target)
    {
        Data = data;
        SourceNode = source;
        TargetNode = target;
    }

    public TopologyNode SourceNode { get; }

    public TopologyNode TargetNode { get; }

    /// <summary>Null for a meta link standing for the links of a collapsed rack.</summary>
    public JsonElement? Data { get; set; }

    public int Count { get; set; }

    public int Alarms { get; set; }

    public bool IsMeta => Data is null;

    private string? Text(string name) => Data is { } d && d.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public string? AlarmText => Text("alarm");

    /// <summary>Stroke colour, width, dash and opacity as in the console's cytoscape style.</summary>
    public (string Colour, double Width, string? Dash, double Opacity) Look()
    {
        if (IsMeta) return (Alarms > 0 ? "#e0393e" : "#9aa4b5", 1.5 + 4.5 * Math.Clamp((Count - 1) / 49.0, 0, 1), null, 0.8);
        var d = Data!.Value;
        var util = d.GetProperty("util").GetDouble();
        var level = Text("level");
        var colour = level == "Alarm" ? "#e0393e" : level == "Warning" ? "#e0a100" : "#7f8ea3";
        var width = 1 + 5 * Math.Clamp(util, 0, 1);
        string? dash = Text("state") == "Down" ? "6 3" : null;
        var opacity = 0.8;
        if (d.GetProperty("unseen").GetBoolean())
        {
            dash = "2 4";
            opacity = 0.5;
        }
        if (AlarmText is not null)
        {
            colour = "#e0393e";
            width = 3;
        }
        return (colour, width, dash, opacity);
    }

    public string? LabelText => IsMeta ? (Count > 1 ? Count.ToString(System.Globalization.CultureInfo.InvariantCulture) : null) : AlarmText;
}
