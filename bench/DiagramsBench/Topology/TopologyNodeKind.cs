namespace DiagramsBench.Topology;

public enum TopologyNodeKind
{
    Device,
    CollapsedGroup,
    GroupBox,
}
