using Blazor.Diagrams.Core.Models.Base;
using DiagramsBench.Topology;
using Microsoft.AspNetCore.Components;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Network;
using PointerEventArgs = Blazor.Diagrams.Core.Events.PointerEventArgs;

namespace DiagramsBench.Components.Pages;

/// <summary>
/// The console's topology drawn with Blazor.Diagrams: the same elements, the same store subscription, a hover
/// card on the server's pointer events. `?expanded=1` opens a large network with its racks open.
/// </summary>
public sealed partial class TopologyDiagramPage
{
    private TopologyDiagram _topology = null!;
    private NetworkSnapshot _snapshot = NetworkSnapshot.Empty;
    private long _version;
    private bool _fitted;
    private HoverCard? _card;
    private Model? _hovered;
    private (double X, double Y) _cardAt;

    [SupplyParameterFromQuery(Name = "expanded")] public int Expanded { get; set; }

    protected override StoreArea Areas => StoreArea.Network;

    protected override void OnInitialized()
    {
        _topology = new TopologyDiagram(Expanded == 1);
        _topology.Diagram.ContainerChanged += OnContainer;
        _topology.Diagram.PointerEnter += OnEnter;
        _topology.Diagram.PointerLeave += OnLeave;
        base.OnInitialized();
    }

    protected override void ReadSnapshot(ChangeBatch? batch)
    {
        _snapshot = Store.Network.Snapshot;
        if (_topology.Apply(_snapshot) > 0) _version++;
        if (_hovered is not null) _card = CardOf(_hovered);
    }

    private void OnContainer()
    {
        if (_fitted) return;
        _topology.Fit();
        _fitted = true;
        StateHasChanged();
    }

    private void OnEnter(Model? model, PointerEventArgs e)
    {
        var card = model is null ? null : CardOf(model);
        if (card is null || _topology.Diagram.Container is not { } c) return;
        _hovered = model;
        _card = card;
        // Beside the pointer, as on the console.
        _cardAt = (e.ClientX - c.Left + 14, e.ClientY - c.Top + 14);
        StateHasChanged();
    }

    private void OnLeave(Model? model, PointerEventArgs e)
    {
        if (model != _hovered) return;
        _hovered = null;
        _card = null;
        StateHasChanged();
    }

    private HoverCard? CardOf(Model model) => model switch
    {
        TopologyNode { Kind: TopologyNodeKind.Device } n => HoverCard.ForNode(n, _topology.LinksOf(n), _snapshot.Devices.FirstOrDefault(d => "d:" + d.Name == n.Id), Store.Time.GetUtcNow()),
        TopologyLink { IsMeta: false } l => HoverCard.ForLink(l),
        _ => null,
    };
}
