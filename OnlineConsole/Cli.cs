using Microsoft.Extensions.Options;
using OnlineConsole.Collectors;
using OnlineConsole.Collectors.Geometry;
using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Collectors.Redis;
using OnlineConsole.Core.Detector;
using OnlineConsole.Core.Text;

namespace OnlineConsole;

/// <summary>Command-line tools of the console: `geometry generate|check`, `spmt-map import`, `--simulate-into redis://host:port` (password from the environment or a file).</summary>
public static class Cli
{
    public static bool TryRun(string[] args, out int exitCode)
    {
        ArgumentNullException.ThrowIfNull(args);
        exitCode = 0;
        if (args.Length > 1 && args[0] == "--simulate-into" && args[1].StartsWith("kafka://", StringComparison.Ordinal))
        {
            exitCode = SimulateIntoKafka(args[1..], Console.Error);
            return true;
        }
        if (args.Length > 1 && args[0] == "--simulate-into" && (args[1].StartsWith("mqtt://", StringComparison.Ordinal) || args[1].StartsWith("mqtts://", StringComparison.Ordinal)))
        {
            exitCode = SimulateIntoMqtt(args[1..], Console.Error);
            return true;
        }
        if (args.Length > 0 && args[0] == "--simulate-into")
        {
            exitCode = SimulateInto(args[1..], Console.Error);
            return true;
        }
        if (args.Length > 0 && args[0] == "spmt-map")
        {
            exitCode = SpmtMap(args[1..], Console.Out, Console.Error);
            return true;
        }
        if (args.Length == 0 || args[0] != "geometry") return false;
        exitCode = Geometry(args[1..], Console.Out, Console.Error);
        return true;
    }

    /// <summary>
    /// Runs the simulated DAQ (run controller + rate publisher) against a real Redis, writing the keys of
    /// docs/contracts.md, until stopped. Further arguments are configuration (e.g. --Simulator:RunLength 00:05:00).
    /// </summary>
    public static int SimulateInto(string[] args, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        SimulateIntoArguments parsed;
        try
        {
            parsed = SimulateIntoArguments.Parse(args, Environment.GetEnvironmentVariable);
        }
        catch (FormatException ex)
        {
            error.WriteLine(ex.Message);
            error.WriteLine(SimulateIntoArguments.Usage);
            return 2;
        }
        var redis = parsed.Redis;
        var builder = Host.CreateApplicationBuilder(parsed.Configuration);
        if (builder.Configuration["Redis:KeyPrefix"] is { } prefix) redis.KeyPrefix = prefix;
        // The scratch store the simulator writes into is local; Redis is the only output.
        builder.Configuration["Simulator:Enabled"] = "false";
        builder.Services.AddCollectors(builder.Configuration);
        builder.Services.AddSingleton(Options.Create(redis));
        builder.Services.AddHostedService<RedisRunControllerSimulator>();
        builder.Build().Run();
        return 0;
    }

    /// <summary>
    /// Runs the simulated message clients against a real Kafka (`kafka://host:port[,host:port]`), writing LOG, METRIC and
    /// HISTOGRAM messages to dq.log, dq.metric and dq.histogram (docs/contracts.md), and a Phoebus alarm server's
    /// records to JUNO (taking acknowledgements from JUNOCommand), until stopped. Further
    /// arguments are configuration (e.g. --Simulator:LogLinesPerMinute 6000).
    /// </summary>
    public static int SimulateIntoKafka(string[] args, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        var bootstrap = args.Length > 0 ? args[0]["kafka://".Length..].TrimEnd('/') : "";
        if (bootstrap.Length == 0 || bootstrap.Contains('/', StringComparison.Ordinal))
        {
            error.WriteLine("usage: --simulate-into kafka://host:port[,host:port...]|kafka://mock [--Simulator:Setting value ...]");
            return 2;
        }
        // "kafka://mock": librdkafka's mock cluster in this process, for trying the message path without a Kafka.
        using var mock = bootstrap == "mock" ? new OnlineConsole.Collectors.Kafka.KafkaMockCluster(brokers: 1) : null;
        if (mock is not null)
        {
            foreach (var topic in new[] { OnlineConsole.Collectors.Messages.KafkaDqSimulator.LogTopic, OnlineConsole.Collectors.Messages.KafkaDqSimulator.MetricTopic, OnlineConsole.Collectors.Messages.KafkaDqSimulator.HistogramTopic })
                mock.CreateTopic(topic, partitions: 3, replication: 1);
            // The simulated Phoebus alarm server's configuration topic and its command topic.
            mock.CreateTopic("JUNO", partitions: 1, replication: 1);
            mock.CreateTopic("JUNOCommand", partitions: 1, replication: 1);
            bootstrap = mock.BootstrapServers;
            Console.Out.WriteLine("mock Kafka cluster at " + bootstrap);
            Console.Out.Flush();
        }
        var builder = Host.CreateApplicationBuilder(args[1..]);
        builder.Configuration["Simulator:Enabled"] = "false";
        builder.Services.AddCollectors(builder.Configuration);
        builder.Services.AddHostedService(sp => new OnlineConsole.Collectors.Messages.KafkaDqSimulator(
            sp.GetRequiredService<OnlineConsole.Core.Live.LiveStore>(), bootstrap,
            sp.GetRequiredService<IOptions<OnlineConsole.Collectors.Simulation.SimulatorOptions>>(),
            sp.GetRequiredService<ILogger<OnlineConsole.Collectors.Messages.KafkaDqSimulator>>()));
        builder.Services.AddHostedService(sp => new OnlineConsole.Collectors.Phoebus.KafkaPhoebusSimulator(bootstrap,
            sp.GetRequiredService<IOptions<OnlineConsole.Collectors.Simulation.SimulatorOptions>>(), TimeProvider.System,
            sp.GetRequiredService<ILogger<OnlineConsole.Collectors.Phoebus.KafkaPhoebusSimulator>>()));
        builder.Build().Run();
        return 0;
    }

    /// <summary>
    /// Runs the DCS demonstrator (dummy HV and LV modules, temperature and humidity sensors) against a real MQTT broker
    /// (`mqtt://host:port`, or `mqtts://` for TLS), publishing on the topics of the default Dcs:Points and obeying the
    /// commands on their set topics, until stopped. The user is --Dcs:Mqtt:Username, the password comes from
    /// ONLINECONSOLE_MQTT_PASSWORD (never the command line); further arguments are configuration.
    /// </summary>
    public static int SimulateIntoMqtt(string[] args, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        var tls = args.Length > 0 && args[0].StartsWith("mqtts://", StringComparison.Ordinal);
        if (args.Length == 0 || !Uri.TryCreate(args[0], UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host) || uri.AbsolutePath is not ("" or "/") || uri.UserInfo.Length > 0)
        {
            error.WriteLine("usage: --simulate-into mqtt://host:port|mqtts://host:port [--Dcs:Mqtt:Username user] [--Simulator:Setting value ...]  (password in ONLINECONSOLE_MQTT_PASSWORD)");
            return 2;
        }
        var builder = Host.CreateApplicationBuilder(args[1..]);
        builder.Configuration["Simulator:Enabled"] = "false";
        builder.Configuration["Dcs:Mqtt:Host"] = uri.Host;
        builder.Configuration["Dcs:Mqtt:Port"] = (uri.IsDefaultPort || uri.Port < 0 ? (tls ? 8883 : 1883) : uri.Port).ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Configuration["Dcs:Mqtt:Tls"] = tls ? "true" : "false";
        if (Environment.GetEnvironmentVariable("ONLINECONSOLE_MQTT_PASSWORD") is { Length: > 0 } password) builder.Configuration["Dcs:Mqtt:Password"] = password;
        builder.Services.AddValidatedOptions<OnlineConsole.Collectors.Dcs.DcsMqttOptions>(builder.Configuration, OnlineConsole.Collectors.Dcs.DcsMqttOptions.Section);
        builder.Services.AddValidatedOptions<OnlineConsole.Collectors.Simulation.SimulatorOptions>(builder.Configuration, OnlineConsole.Collectors.Simulation.SimulatorOptions.Section);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<OnlineConsole.Collectors.Dcs.MqttDcsSimulator>();
        builder.Build().Run();
        return 0;
    }

    public static int Geometry(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        string? Opt(string name, string? fallback = null)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        int IntOpt(string name, int fallback) => int.Parse(Opt(name, fallback.ToString(System.Globalization.CultureInfo.InvariantCulture))!, System.Globalization.CultureInfo.InvariantCulture);
        switch (args.FirstOrDefault())
        {
            case "generate":
            {
                var dir = Opt("--out") ?? "appsettings/juno";
                Directory.CreateDirectory(dir);
                var channels = GeometryGenerator.Generate(IntOpt("--large", GeometryGenerator.JunoLargeCount), IntOpt("--small", GeometryGenerator.JunoSmallCount),
                    IntOpt("--dynode", 5_000), IntOpt("--seed", 1));
                using (var w = new StreamWriter(Path.Combine(dir, "lpmt.csv")))
                    GeometryCsv.Write(w, channels.Where(c => c.Type.IsLarge()));
                using (var w = new StreamWriter(Path.Combine(dir, "spmt.csv")))
                    GeometryCsv.Write(w, channels.Where(c => !c.Type.IsLarge()));
                output.WriteLine($"Wrote {Plural.Of(channels.Count(c => c.Type.IsLarge()), "LPMT channel")} and {Plural.Of(channels.Count(c => !c.Type.IsLarge()), "SPMT channel")} to {dir}.");
                return 0;
            }
            case "check" when args.Length > 1:
                try
                {
                    var list = GeometryCsv.Load(args[1]);
                    output.WriteLine($"{args[1]}: {Plural.Of(list.Count, "channel")}, {Plural.Of(list.Select(c => c.Gcu).Distinct().Count(), "GCU")}, OK.");
                    return 0;
                }
                catch (GeometryFormatException ex)
                {
                    error.WriteLine(ex.Message);
                    return 1;
                }
            default:
                error.WriteLine("usage: geometry generate [--out DIR] [--large N] [--small N] [--dynode N] [--seed N] | geometry check FILE.csv");
                return 2;
        }
    }

    /// <summary>`spmt-map import FILE.csv --out FILE.json`: validates the SPMT map and writes the JSON keyed by GCU id.</summary>
    public static int SpmtMap(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var outIndex = Array.IndexOf(args, "--out");
        if (args.Length < 2 || args[0] != "import" || outIndex < 0 || outIndex + 1 >= args.Length || args[1] == "--out")
        {
            error.WriteLine("usage: spmt-map import FILE.csv --out FILE.json");
            return 2;
        }
        try
        {
            var count = SpmtMapJson.Import(args[1], args[outIndex + 1]);
            output.WriteLine($"{args[1]}: {Plural.Of(count, "SPMT channel")} written to {args[outIndex + 1]}, keyed by GCU id.");
            return 0;
        }
        catch (GeometryFormatException ex)
        {
            error.WriteLine(ex.Message);
            return 1;
        }
    }
}
