using System.Text.Json;
using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models;

namespace DiagramsBench.Topology;

/// <summary>
/// A device (or a collapsed rack, or the box behind an open rack) with the element data TopologyElements built
/// for it. Sizes are those of the console's cytoscape style, fixed: no per-node resize observer in the browser.
/// </summary>
public sealed class TopologyNode : NodeModel
{
    public TopologyNode(string id, TopologyNodeKind kind, JsonElement data, Size size) : base(id)
    {
        Kind = kind;
        Data = data;
        Size = size;
        ControlledSize = true;
        Locked = true;
    }

    public TopologyNodeKind Kind { get; }

    /// <summary>The element's JSON as TopologyElements built it (for a group: id, name, kind).</summary>
    public JsonElement Data { get; set; }

    /// <summary>A collapsed rack's text: name, members and alarms, as the console's group label.</summary>
    public string? GroupLabel { get; set; }

    public bool GroupAlarm { get; set; }

    public string Role => Data.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : "";

    public string Label => Kind == TopologyNodeKind.Device ? Data.GetProperty("label").GetString() ?? "" : GroupLabel ?? "";

    public bool Alarm => Kind == TopologyNodeKind.Device ? Data.TryGetProperty("alarm", out var a) && a.ValueKind == JsonValueKind.String : GroupAlarm;

    /// <summary>Centre of the node, as the layout gives it.</summary>
    public void SetCentre(double x, double y) => SetPosition(x - Size!.Width / 2, y - Size.Height / 2);

    public static Size SizeOf(string role) => role switch
    {
        "CoreSwitch" => new Size(34, 18),
        "EdgeSwitch" => new Size(26, 14),
        _ => new Size(14, 14),
    };
}
