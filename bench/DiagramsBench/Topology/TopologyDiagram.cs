using System.Text.Json;
using Blazor.Diagrams;
using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.PathGenerators;
using OnlineConsole.Components.Network;
using OnlineConsole.Core.Network;

namespace DiagramsBench.Topology;

/// <summary>
/// One page's Blazor.Diagrams model of the topology, kept in step with the store the way the console's page keeps
/// cytoscape in step: TopologyElements.Build, Diff against what is drawn, then only the changed elements are
/// updated (their renderers re-render); nodes arriving or leaving regroup and lay out again. Racks are grouped as
/// on the console; a network of more than 300 devices opens with every rack but the core's collapsed.
/// </summary>
public sealed class TopologyDiagram
{
    private const int CollapseAbove = 300;
    private readonly Dictionary<string, TopologyNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TopologyLink> _links = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TopologyNode> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TopologyLink> _meta = new(StringComparer.Ordinal);
    private readonly HashSet<string> _collapsed = new(StringComparer.Ordinal);
    private readonly bool _expanded;
    private Dictionary<string, string> _sent = new(StringComparer.Ordinal);
    private (double X1, double Y1, double X2, double Y2) _bounds;
    private bool _first = true;

    public TopologyDiagram(bool expanded)
    {
        _expanded = expanded;
        var options = new Blazor.Diagrams.Options.BlazorDiagramOptions { AllowMultiSelection = false };
        options.Zoom.Minimum = 0.05;
        options.Zoom.Maximum = 4;
        options.Links.DefaultPathGenerator = new StraightPathGenerator();
        Diagram = new BlazorDiagram(options);
        Diagram.RegisterComponent<TopologyNode, Components.TopologyNodeWidget>();
        Diagram.RegisterComponent<TopologyLink, Components.TopologyLinkWidget>();
    }

    public BlazorDiagram Diagram { get; }

    /// <summary>Devices and racks (open ones as boxes) drawn: what the console's page counts as visible nodes.</summary>
    public int VisibleNodes => _nodes.Values.Count(n => n.Visible) + _groups.Count;

    public int VisibleLinks => _links.Values.Count(l => l.Visible) + _meta.Count;

    public int Elements => _sent.Count;

    public IEnumerable<TopologyLink> LinksOf(TopologyNode node) => _links.Values.Where(l => l.SourceNode == node || l.TargetNode == node);

    /// <summary>Brings the drawing to the snapshot; returns the number of elements that changed.</summary>
    public int Apply(NetworkSnapshot snapshot)
    {
        var now = TopologyElements.Build(snapshot);
        var (changedJson, removed) = TopologyElements.Diff(_sent, now);
        _sent = now;
        if (changedJson == "[]" && removed.Length == 0) return 0;
        using var doc = JsonDocument.Parse(changedJson);
        var structural = removed.Length > 0;
        var count = 0;
        Diagram.Batch(() =>
        {
            foreach (var id in removed)
            {
                if (_links.Remove(id, out var l)) Diagram.Links.Remove(l);
                else if (_nodes.Remove(id, out var n)) Diagram.Nodes.Remove(n);
            }
            foreach (var el in doc.RootElement.EnumerateArray())
            {
                count++;
                var data = el.Clone();
                var id = data.GetProperty("id").GetString()!;
                if (data.GetProperty("kind").GetString() == "edge")
                {
                    if (_links.TryGetValue(id, out var link))
                    {
                        link.Data = data;
                        if (link.Visible) link.Refresh();
                    }
                    else if (_nodes.TryGetValue(data.GetProperty("source").GetString()!, out var a) && _nodes.TryGetValue(data.GetProperty("target").GetString()!, out var b))
                    {
                        _links[id] = Diagram.Links.Add(new TopologyLink(id, a, b, data));
                        structural = true;
                    }
                }
                else if (_nodes.TryGetValue(id, out var node))
                {
                    node.Data = data;
                    if (node.Visible) node.Refresh();
                }
                else
                {
                    _nodes[id] = Diagram.Nodes.Add(new TopologyNode(id, TopologyNodeKind.Device, data, TopologyNode.SizeOf(data.GetProperty("role").GetString()!)));
                    structural = true;
                }
            }
            if (_first && !_expanded && _nodes.Count > CollapseAbove)
            {
                foreach (var g in _nodes.Values.GroupBy(GroupOf).Where(g => !g.Any(n => n.Role == "CoreSwitch"))) _collapsed.Add(g.Key);
            }
            _first = false;
            if (structural) Layout();
            else Summarise(refresh: true);
        });
        return count;
    }

    /// <summary>Zoom and pan so the drawn graph fills the canvas (once its size is known).</summary>
    public void Fit()
    {
        if (Diagram.Container is not { } c || _nodes.Count == 0) return;
        var (x1, y1, x2, y2) = (_bounds.X1 - 50, _bounds.Y1 - 40, _bounds.X2 + 50, _bounds.Y2 + 40);
        var zoom = Math.Clamp(Math.Min(c.Width / (x2 - x1), c.Height / (y2 - y1)), Diagram.Options.Zoom.Minimum, Diagram.Options.Zoom.Maximum);
        Diagram.SetZoom(zoom);
        Diagram.SetPan((c.Width - (x1 + x2) * zoom) / 2, (c.Height - (y1 + y2) * zoom) / 2);
    }

    private static string GroupOf(TopologyNode n) =>
        "g:rack:" + (n.Data.TryGetProperty("rack", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : n.Role);

    /// <summary>Regroups, shows or hides members of collapsed racks, places everything, draws the racks' boxes.</summary>
    private void Layout()
    {
        var groups = _nodes.Values.GroupBy(GroupOf).ToDictionary(g => g.Key, g => g.OrderBy(n => n.Role == "Server" ? 1 : 0).ThenBy(n => n.Data.GetProperty("name").GetString(), NaturalOrder.Instance).ToList(), StringComparer.Ordinal);
        foreach (var stale in _groups.Keys.Where(k => !groups.ContainsKey(k)).ToList())
        {
            Diagram.Nodes.Remove(_groups[stale]);
            _groups.Remove(stale);
        }
        var units = groups.Select(g => new BlockLayout.Unit(g.Key, g.Value.Any(n => n.Role == "CoreSwitch"), _collapsed.Contains(g.Key) ? [g.Key] : g.Value.Select(n => n.Id).ToList())).ToList();
        var (positions, centres) = BlockLayout.Place(units);
        var xs = new List<double>();
        var ys = new List<double>();
        foreach (var (key, members) in groups)
        {
            var closed = _collapsed.Contains(key);
            var name = key.Split(':', 3)[2];
            var kind = closed ? TopologyNodeKind.CollapsedGroup : TopologyNodeKind.GroupBox;
            var (cx, cy) = centres[key];
            Size size;
            if (closed) size = new Size(40, 24);
            else
            {
                var mx = members.Select(m => positions[m.Id].X).ToList();
                var my = members.Select(m => positions[m.Id].Y).ToList();
                size = new Size(mx.Max() - mx.Min() + 50, my.Max() - my.Min() + 40);
                cx = (mx.Max() + mx.Min()) / 2;
                cy = (my.Max() + my.Min()) / 2 + 4;
            }
            if (!_groups.TryGetValue(key, out var box) || box.Kind != kind || box.Size != size)
            {
                if (box is not null) Diagram.Nodes.Remove(box);
                using var doc = JsonDocument.Parse(JsonSerializer.Serialize(new { id = key, name, kind = "group" }));
                box = new TopologyNode(key, kind, doc.RootElement.Clone(), size);
                // Boxes go under the devices: first in the drawing order.
                Diagram.Nodes.Add(box);
                Diagram.SendToBack(box);
                _groups[key] = box;
            }
            box.SetCentre(cx, cy);
            foreach (var m in members)
            {
                m.Visible = !closed;
                var (x, y) = closed ? (cx, cy) : positions[m.Id];
                m.SetCentre(x, y);
            }
            if (closed)
            {
                xs.Add(cx);
                ys.Add(cy);
            }
            else
            {
                xs.AddRange(members.Select(m => positions[m.Id].X));
                ys.AddRange(members.Select(m => positions[m.Id].Y));
            }
        }
        _bounds = (xs.Min(), ys.Min(), xs.Max(), ys.Max());
        Summarise(refresh: false);
        foreach (var l in _links.Values) l.Refresh();
        Fit();
    }

    /// <summary>Collapsed racks' labels (members, alarms) and the meta links standing for their hidden links.</summary>
    private void Summarise(bool refresh)
    {
        var parentOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var n in _nodes.Values)
        {
            var g = GroupOf(n);
            if (_collapsed.Contains(g)) parentOf[n.Id] = g;
        }
        foreach (var (key, box) in _groups)
        {
            if (box.Kind != TopologyNodeKind.CollapsedGroup) continue;
            var members = _nodes.Values.Where(n => parentOf.GetValueOrDefault(n.Id) == key).ToList();
            var alarms = members.Count(m => m.Alarm);
            var label = $"{key.Split(':', 3)[2]} ({members.Count}{(alarms > 0 ? ", " + alarms + " !" : "")})";
            if (label == box.GroupLabel) continue;
            box.GroupLabel = label;
            box.GroupAlarm = alarms > 0;
            if (refresh) box.Refresh();
        }
        TopologyNode Visible(TopologyNode n) => parentOf.TryGetValue(n.Id, out var g) ? _groups[g] : n;
        var wanted = new Dictionary<string, (TopologyNode A, TopologyNode B, int Count, int Alarms)>(StringComparer.Ordinal);
        foreach (var l in _links.Values)
        {
            var (a, b) = (Visible(l.SourceNode), Visible(l.TargetNode));
            var hidden = a != l.SourceNode || b != l.TargetNode;
            l.Visible = !hidden;
            if (!hidden || a == b) continue;
            var key = string.CompareOrdinal(a.Id, b.Id) < 0 ? a.Id + "|" + b.Id : b.Id + "|" + a.Id;
            var m = wanted.GetValueOrDefault(key, (A: a, B: b, Count: 0, Alarms: 0));
            wanted[key] = (m.A, m.B, m.Count + 1, m.Alarms + (l.AlarmText is not null ? 1 : 0));
        }
        foreach (var gone in _meta.Keys.Where(k => !wanted.ContainsKey(k)).ToList())
        {
            Diagram.Links.Remove(_meta[gone]);
            _meta.Remove(gone);
        }
        foreach (var (key, w) in wanted)
        {
            if (!_meta.TryGetValue(key, out var meta))
            {
                meta = new TopologyLink("meta:" + key, w.A, w.B, null) { Count = w.Count, Alarms = w.Alarms };
                _meta[key] = Diagram.Links.Add(meta);
            }
            else if (meta.Count != w.Count || meta.Alarms != w.Alarms)
            {
                meta.Count = w.Count;
                meta.Alarms = w.Alarms;
                if (refresh) meta.Refresh();
            }
        }
    }
}
