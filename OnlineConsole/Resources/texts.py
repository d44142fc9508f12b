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
 # Identity: sign-in, roles, users, audit
 "NotAllowed.Title": ("Not allowed", "无权访问"), "NotAllowed.Text": ("Your role does not allow this page.", "您的角色无权访问此页面。"),
 "SignIn": ("Sign in", "登录"), "SignOut": ("Sign out", "退出"), "UserName": ("User name", "用户名"), "Password": ("Password", "密码"),
 "LoginError.invalid": ("Wrong user name or password.", "用户名或密码错误。"),
 "LoginError.lockedout": ("Too many failed attempts: this account is locked for a few minutes.", "失败次数过多：账户已暂时锁定。"),
 "LoginError.disabled": ("This account is disabled.", "该账户已停用。"), "LoginError.denied": ("Your role does not allow that.", "您的角色无权执行此操作。"),
 "Setup.Link": ("First run: create the administrator", "首次运行：创建管理员"), "Setup.Title": ("First run", "首次运行"),
 "Setup.Text": ("No user exists yet. Create the first administrator (from this machine only).", "尚无用户。请创建第一个管理员（仅限本机）。"),
 "Setup.Closed": ("Setup is only possible from the console's own machine while no user exists. Use `users add NAME --role admin`.", "仅当没有用户时才能在本机进行初始设置。请使用 `users add NAME --role admin`。"),
 "Setup.Create": ("Create administrator", "创建管理员"),
 "Role": ("Role", "角色"), "Role.Display": ("Display", "只读显示"), "Role.Shifter": ("Shifter", "值班员"), "Role.Expert": ("Expert", "专家"), "Role.Admin": ("Admin", "管理员"),
 "Nav.Users": ("Users", "用户"), "Nav.Audit": ("Audit log", "审计日志"),
 "User.Disabled": ("disabled", "已停用"), "User.Locked": ("locked", "已锁定"), "User.Enabled": ("enabled", "正常"),
 "User.Enable": ("Enable", "启用"), "User.Disable": ("Disable", "停用"), "User.ResetPassword": ("Reset password", "重置密码"), "User.Add": ("Add user", "添加用户"),
 "Save": ("Save", "保存"), "Cancel": ("Cancel", "取消"),
 "Audit.ActionPrefix": ("Action (prefix)", "操作（前缀）"), "Audit.From": ("From", "从"), "Audit.To": ("To", "到"), "Audit.Filter": ("Filter", "筛选"),
 "Audit.Csv": ("Export CSV", "导出 CSV"), "Audit.TimesUtc": ("Times are UTC.", "时间为 UTC。"), "Audit.Address": ("From address", "来源地址"),
 "Audit.Action": ("Action", "操作"), "Audit.Target": ("Target", "对象"), "Audit.Reason": ("Why", "原因"), "Audit.Before": ("Before", "之前"),
 "Audit.After": ("After", "之后"), "Audit.Outcome": ("Outcome", "结果"),
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
