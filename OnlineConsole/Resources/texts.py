# Source of UiText.resx and UiText.zh-CN.resx: run `python3 texts.py` after editing, commit all three.
import html
T = {
 "Live": ("live", "实时"), "Stale": ("stale", "过期"), "NoData": ("no data", "无数据"),
 "Run": ("Run", "运行"), "RunDuration": ("Run duration", "运行时长"), "DataAge": ("Data", "数据"),
 "Link": ("Link", "连接"), "Link.connecting": ("connecting", "连接中"), "Link.connected": ("connected", "已连接"),
 "Link.reconnecting": ("reconnecting", "重连中"), "Link.lost": ("lost", "已断开"),
 "BeijingTime": ("Beijing", "北京时间"), "SwitchLanguage": ("Switch language", "切换语言"),
 "SwitchTheme": ("Switch between dark and light theme", "切换深色/浅色主题"), "Theme.Toggle": ("Dark / light", "深色 / 浅色"),
 "Nav.Overview": ("Overview", "总览"), "Nav.Run": ("Run control", "运行控制"), "Nav.Detector": ("Detector", "探测器"),
 "Nav.Spmt3D": ("SPMT 3D", "小PMT三维"), "Nav.Network": ("Network", "网络"), "Nav.Topology": ("Topology", "拓扑"),
 "Nav.Services": ("Services", "服务"), "Nav.Alarms": ("Alarms", "报警"), "Nav.Collectors": ("Collectors", "采集器"),
 "Nav.Settings": ("Settings", "设置"),
 "RunState.Initial": ("Initial", "初始"), "RunState.Configured": ("Configured", "已配置"), "RunState.Ready": ("Ready", "就绪"),
 "RunState.Running": ("Running", "运行中"), "RunState.Paused": ("Paused", "暂停"), "RunState.Stopped": ("Stopped", "已停止"),
 "RunState.Error": ("Error", "错误"),
 "DetectorHealth": ("Detector health", "探测器状态"), "PmtType": ("PMT type", "PMT类型"), "Channels": ("Channels", "通道数"),
 "StaleColumn": ("Stale", "过期"), "Hot": ("Hot", "热"), "Dead": ("Dead", "死"), "MedianDcr": ("Median DCR", "暗计数中位数"),
 "PmtType.Dynode": ("HPK 20\"", "HPK 20寸"), "PmtType.Mcp": ("NNVT 20\"", "NNVT 20寸"),
 "PmtType.Small": ("SPMT 3\"", "小PMT 3寸"),
 "ServiceState.Unknown": ("unknown", "未知"), "ServiceState.Up": ("up", "正常"), "ServiceState.Degraded": ("degraded", "降级"),
 "ServiceState.Down": ("down", "停止"),
 "Devices": ("Devices", "设备"), "PortsDown": ("Ports down", "断开端口"), "Unreachable": ("Unreachable", "不可达"),
 "Name": ("Name", "名称"), "Source": ("Source", "来源"), "State": ("State", "状态"), "LastSuccess": ("Last success", "最近成功"),
 "Received": ("Received", "已接收"), "Malformed": ("Malformed", "格式错误"), "Dropped": ("Dropped", "已丢弃"),
 "Failures": ("Failures", "连续失败"), "LastError": ("Last error", "最近错误"), "Kind": ("Kind", "类型"), "Detail": ("Detail", "详情"),
 "StoreStats": ("Live store: {0} subscriptions, {1} changes published.", "实时存储：{0} 个订阅，已发布 {1} 次变更。"),
 "NotBuilt.Title": ("Not built yet.", "尚未实现。"),
 "NotBuilt.RunIssue": ("Run control (commands, history, Redis source) comes with the run-control work. The header already shows the live run.", "运行控制（命令、历史、Redis 数据源）将在运行控制功能中实现。页眉已显示当前运行。"),
 "NotBuilt.DetectorIssue": ("The dark-count-rate heatmaps and the 3D SPMT map come with the detector views. The overview already counts hot and dead channels.", "暗计数率热图和小PMT三维图将在探测器视图中实现。总览已统计热通道和死通道。"),
 "NotBuilt.NetworkIssue": ("SNMP switch monitoring and the topology graph come with the network work. The overview already shows ports down and unreachable hosts.", "SNMP 交换机监控和拓扑图将在网络功能中实现。总览已显示断开端口和不可达主机。"),
 "NotBuilt.AlarmsIssue": ("The alarm system (acknowledge, shelve, routes) is not built yet.", "报警系统（确认、搁置、通知路由）尚未实现。"),
 "NotBuilt.SettingsIssue": ("Settings pages come with users, roles and alarm routes.", "设置页面将随用户、角色和报警路由一起实现。"),
 # Network monitoring and topology
 "Net.Switches": ("Switches", "交换机"), "Net.Ports": ("Ports", "端口"), "Net.Port": ("Port", "端口"),
 "Net.Device": ("Device", "设备"), "Net.State": ("State", "状态"), "Net.Neighbour": ("Connected to", "连接到"),
 "Net.Speed": ("Speed", "速率"), "Net.In": ("In", "入"), "Net.Out": ("Out", "出"), "Net.Utilization": ("Utilization", "利用率"),
 "Net.MaxUtilization": ("Max. utilization", "最大利用率"), "Net.Errors": ("Errors/s", "错误/秒"), "Net.Discards": ("Discards/s", "丢弃/秒"),
 "Net.ErrorsPerSecond": ("errors/s", "错误/秒"), "Net.Address": ("Address", "地址"), "Net.Role": ("Role", "角色"),
 "Net.Rack": ("Rack", "机架"), "Net.Reachability": ("Reachability", "可达性"), "Net.Reachable": ("reachable", "可达"),
 "Net.Seen": ("seen (not probed)", "可见（未探测）"), "Net.NotSeen": ("not seen (not probed)", "不可见（未探测）"),
 "Net.Filter": ("Filter ports", "筛选端口"), "Net.SortBy": ("Sort by", "排序"), "Net.Sort.Index": ("port number", "端口号"),
 "Net.Sort.Name": ("name", "名称"), "Net.Sort.Utilization": ("utilization", "利用率"), "Net.Sort.Errors": ("errors", "错误"),
 "Net.Sort.State": ("state", "状态"), "Net.SelectSwitch": ("Select a switch to see its ports.", "选择一台交换机以查看其端口。"),
 "Net.NoNetwork": ("No network data yet.", "暂无网络数据。"), "Net.Alarms": ("Alarm candidates", "候选报警"),
 "Net.Search": ("Find device", "查找设备"), "Net.Found": ("{0} found", "找到 {0} 个"), "Net.Fit": ("Fit", "适应窗口"),
 "Net.Group": ("Group by", "分组"), "Net.Group.none": ("nothing", "不分组"), "Net.Group.role": ("role", "角色"),
 "Net.Group.rack": ("rack", "机架"), "Net.CollapseAll": ("Collapse all", "全部折叠"), "Net.ExpandAll": ("Expand all", "全部展开"),
 "Net.State.Up": ("up", "正常"), "Net.State.Down": ("down", "断开"), "Net.State.Unknown": ("unknown", "未知"),
 "Net.AdminDown": ("admin down", "管理性关闭"), "Net.Role.CoreSwitch": ("core switch", "核心交换机"),
 "Net.Role.EdgeSwitch": ("edge switch", "接入交换机"), "Net.Role.Server": ("server", "服务器"),
 "Net.Ends": ("Ends", "两端"), "Net.Source": ("Source", "来源"), "Net.StaticLink": ("from configuration (no LLDP)", "来自配置（无 LLDP）"),
 "Net.Link": ("Link", "链路"), "Net.Up": ("up", "正常"), "Net.Down": ("down", "断开"), "Net.Close": ("Close", "关闭"),
 "Net.OpenSwitch": ("Open in the switch list", "在交换机列表中打开"), "Net.Gone": ("No longer in the network.", "已不在网络中。"),
 "Net.TopologyHint": ("Hover over a server or link for its status, click for detail, double-click a group to collapse or expand it.", "将鼠标悬停在服务器或链路上查看状态，单击查看详情，双击分组可折叠或展开。"),
}
def resx(lang):
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<root>',
      '  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>',
      '  <resheader name="version"><value>2.0</value></resheader>',
      '  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>',
      '  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>']
    for k, v in T.items():
        out.append(f'  <data name="{html.escape(k)}" xml:space="preserve"><value>{html.escape(v[lang], quote=False)}</value></data>')
    out.append('</root>')
    return "\n".join(out) + "\n"
open("UiText.resx", "w", encoding="utf-8").write(resx(0))
open("UiText.zh-CN.resx", "w", encoding="utf-8").write(resx(1))
