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
 # Run control and the Redis source
 "RunConflict": ("{0} {1} ≠ {2} {3}", "{0} {1} ≠ {2} {3}"),
 "RunConflict.Title": ("Run number conflict: {0} says {1}, {2} says {3}. Showing {1} ({0} is authoritative).", "运行号冲突：{0} 为 {1}，{2} 为 {3}。显示 {1}（以 {0} 为准）。"),
 "SourceDown": ("Source down: {0}", "数据源中断：{0}"),
 "Run.Current": ("Current run", "当前运行"), "Run.Number": ("Run", "运行号"), "Run.Type": ("Run type", "运行类型"),
 "Run.Started": ("Started", "开始"), "Run.Stopped": ("Stopped", "结束"), "Run.Duration": ("Duration", "时长"),
 "Run.StopReason": ("Stop reason", "停止原因"), "Run.NoRun": ("No run reported yet.", "尚无运行信息。"),
 "Run.StateMachine": ("State machine", "状态机"), "Run.Commands": ("Commands", "命令"),
 "Run.SendsTo": ("Commands go to {0}.", "命令发送至 {0}。"),
 "Run.ExpertsOnly": ("Run commands need the Expert role; you are {0}.", "运行命令需要专家权限；您的角色为 {0}。"),
 "Run.NoAuditLog": ("Run commands are disabled: the audit log is not available.", "运行命令已禁用：审计日志不可用。"),
 "Run.NoController": ("Run commands are disabled: no run controller is configured.", "运行命令已禁用：未配置运行控制器。"),
 "Run.ConfirmTitle": ("Confirm: {0}", "确认：{0}"), "Run.Comment": ("Comment", "备注"),
 "Run.Reason": ("Reason", "原因"), "Run.ReasonRequired": ("A reason is required to stop a run.", "停止运行必须填写原因。"),
 "Run.Confirm": ("Send", "发送"), "Run.Cancel": ("Cancel", "取消"),
 "Run.Pending": ("{0}: sent, waiting for the run controller…", "{0}：已发送，等待运行控制器回复…"),
 "Run.Accepted": ("{0}: accepted.", "{0}：已接受。"), "Run.Rejected": ("{0}: rejected — {1}", "{0}：被拒绝 — {1}"),
 "Run.TimedOut": ("{0}: no answer from the run controller in time.", "{0}：运行控制器未及时回复。"),
 "Run.History": ("Run history", "运行历史"), "Run.NoHistory": ("No finished runs yet.", "尚无已结束的运行。"),
 "RunCommand.Configure": ("Configure", "配置"), "RunCommand.Start": ("Start", "开始"), "RunCommand.Pause": ("Pause", "暂停"),
 "RunCommand.Resume": ("Resume", "恢复"), "RunCommand.Stop": ("Stop", "停止"), "RunCommand.Reset": ("Reset", "复位"),
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
