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
 # Detector views: DCR heatmaps, channel detail, limits, 3D SPMT map
 "Dcr.LpmtMap": ("LPMT dark count rate (θ, φ)", "大PMT暗计数率 (θ, φ)"), "Dcr.SpmtMap": ("SPMT dark count rate (θ, φ)", "小PMT暗计数率 (θ, φ)"),
 "Dcr.Electronics": ("SPMT by GCU and channel", "小PMT（按GCU和通道）"), "Dcr.Flapping": ("Flapping", "抖动"),
 "Dcr.LowHigh": ("Low / high", "偏低 / 偏高"), "Dcr.None": ("None.", "无。"), "Dcr.More": ("and {0} more", "另有 {0} 个"),
 "Dcr.Channel": ("Channel", "通道"), "Dcr.Close": ("Close", "关闭"), "Dcr.Position": ("Position", "位置"), "Dcr.Rate": ("Rate", "计数率"),
 "Dcr.Status.Missing": ("no data", "无数据"), "Dcr.Status.Ok": ("ok", "正常"), "Dcr.Status.Low": ("low", "偏低"),
 "Dcr.Status.High": ("high", "偏高"), "Dcr.Status.Dead": ("dead", "死"), "Dcr.Status.Hot": ("hot", "热"),
 "Dcr.Median": ("Median (last minute)", "中位数（最近一分钟）"), "Dcr.Deviation": ("deviation", "偏差"), "Dcr.Updated": ("Updated", "更新时间"),
 "Dcr.Neighbours": ("Neighbours", "相邻通道"), "Dcr.LastHour": ("Last hour (1 s)", "最近一小时（1秒）"), "Dcr.Last24h": ("Last 24 h (1 min)", "最近24小时（1分钟）"),
 "Dcr.Limits": ("Limits per PMT type (Hz)", "各类PMT阈值（Hz）"), "Dcr.DeadBelow": ("Dead ≤", "死 ≤"), "Dcr.Low": ("Low <", "偏低 <"),
 "Dcr.Baseline": ("Baseline", "基线"), "Dcr.High": ("High >", "偏高 >"), "Dcr.HotAbove": ("Hot >", "热 >"),
 "Dcr.Reason": ("Reason for the change", "修改原因"), "Dcr.Save": ("Save limits", "保存阈值"),
 "Dcr.ExpertsOnly": ("Only experts can change limits.", "只有专家可以修改阈值。"),
 "Dcr.NoAuditLog": ("Limits cannot be changed: no audit log is configured.", "无法修改阈值：未配置审计日志。"),
 "Dcr.ReasonRequired": ("A reason is required.", "必须填写原因。"), "Dcr.Saved": ("Limits saved.", "阈值已保存。"),
 "Spmt3D.ColorBy": ("Colour by", "着色依据"), "Spmt3D.ByRate": ("dark count rate", "暗计数率"), "Spmt3D.ByStatus": ("status", "状态"),
 "Spmt3D.Camera": ("Camera", "视角"), "Spmt3D.Top": ("top", "顶部"), "Spmt3D.Bottom": ("bottom", "底部"), "Spmt3D.Side": ("side", "侧面"),
 "Spmt3D.Iso": ("oblique", "斜视"), "Spmt3D.Gcu": ("Highlight GCU", "高亮GCU"), "Spmt3D.NoGcu": ("none", "无"),
 "Spmt3D.GcuPanel": ("GCU {0}: 128 channels", "GCU {0}：128个通道"), "Spmt3D.Points": ("points drawn", "已绘制点数"),
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
