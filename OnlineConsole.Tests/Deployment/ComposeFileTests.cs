using System.Diagnostics;
using OnlineConsole.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace OnlineConsole.Tests.Deployment;

/// <summary>
/// docker/compose.yaml as Debian's docker-compose 1.29 renders it (`docker-compose config` resolves anchors, merge
/// keys and interpolation and validates against the compose schema without a container engine). It runs on a temporary
/// copy of docker/ whose secret files are made from the committed *.example files, as README.md tells an operator to.
/// A missing docker-compose fails the test (test.sh installs it), so CI cannot pass without this check.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ComposeFileTests : IDisposable
{
    private const string DockerCompose = "/usr/bin/docker-compose";
    private static readonly string[] Core = ["console-a", "console-b", "gateway", "mosquitto", "postgres", "redis"];

    private readonly string _root = Directory.CreateTempSubdirectory("oc-compose-").FullName;
    private readonly string _composeFile;

    public ComposeFileTests()
    {
        var docker = Path.Combine(TestStores.RepoRoot(), "docker");
        CopyDirectory(docker, Path.Combine(_root, "docker"));
        var secrets = Path.Combine(_root, "docker", "secrets");
        foreach (var example in Directory.GetFiles(secrets, "*.example"))
            File.Copy(example, example[..^".example".Length], overwrite: true);
        // The certificate is the operator's (or the self-signed pair README.md makes); config only needs the files.
        File.WriteAllText(Path.Combine(secrets, "tls.crt"), "placeholder\n");
        File.WriteAllText(Path.Combine(secrets, "tls.key"), "placeholder\n");
        _composeFile = Path.Combine(_root, "docker", "compose.yaml");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Renders_two_consoles_the_gateway_postgres_redis_and_mosquitto_outside_any_profile()
    {
        var services = Services(await ConfigAsync());
        var always = services.Where(s => !s.Value.Children.ContainsKey("profiles")).Select(s => s.Key).Order(StringComparer.Ordinal);
        Assert.Equal(Core, always);
        Assert.Equal(2, services.Keys.Count(k => k.StartsWith("console-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Demo_profile_adds_the_simulators_into_redis_and_mqtt()
    {
        var services = Services(await ConfigAsync("--profile", "demo"));
        var demo = services.Where(s => s.Value.Children.ContainsKey("profiles")).ToDictionary(s => s.Key, s => s.Value);
        Assert.Equal(["simulator", "simulator-dcs"], demo.Keys.Order(StringComparer.Ordinal));
        foreach (var s in demo.Values) Assert.Equal(["demo"], Strings(s["profiles"]));
        Assert.Equal(["--simulate-into", "redis://redis:6379"], Strings(demo["simulator"]["command"]));
        Assert.Equal(["--simulate-into", "mqtt://mosquitto:1883"], Strings(demo["simulator-dcs"]["command"]));
        Assert.Equal(Scalar(services["console-a"]["image"]), Scalar(demo["simulator"]["image"]));
    }

    [Fact]
    public async Task Consoles_are_one_image_with_a_replica_name_each_on_postgres_and_the_bus()
    {
        var services = Services(await ConfigAsync());
        var a = services["console-a"];
        var b = services["console-b"];
        Assert.Equal(Scalar(a["image"]), Scalar(b["image"]));
        Assert.Equal("docker/Dockerfile", Scalar(Map(a["build"])["dockerfile"]));
        var envA = EnvironmentOf(a);
        var envB = EnvironmentOf(b);
        Assert.Equal("console-a", envA["Ha__Replica"]);
        Assert.Equal("console-b", envB["Ha__Replica"]);
        Assert.Equal(envA.Where(e => e.Key != "Ha__Replica"), envB.Where(e => e.Key != "Ha__Replica"));
        Assert.Equal("PostgreSql", envA["Data__Provider"]);
        Assert.Equal("true", envA["Ha__Enabled"]);
        Assert.Equal("redis:6379", envA["Ha__Bus__Endpoints__0"]);
        Assert.Equal("true", envA["Security__HttpsRedirect"]);
        Assert.Equal("true", envA["Security__Hsts"]);
        // The trusted proxy is the gateway's fixed address on the compose network.
        var gatewayAddress = Scalar(Map(Map(services["gateway"]["networks"])["backend"])["ipv4_address"]);
        Assert.Equal(gatewayAddress, envA["Gateway__Proxies__0"]);

        foreach (var console in new[] { a, b })
        {
            var secret = Assert.Single(((YamlSequenceNode)console["secrets"]).Children.Cast<YamlMappingNode>());
            Assert.Equal("Data__ConnectionString", Scalar(secret["target"]));
            var depends = Map(console["depends_on"]);
            Assert.Equal(["mosquitto", "postgres", "redis"], depends.Children.Keys.Select(Scalar).Order(StringComparer.Ordinal));
            Assert.All(depends.Children.Values, d => Assert.Equal("service_healthy", Scalar(Map(d)["condition"])));
            Assert.Contains(Strings(Map(console["healthcheck"])["test"]), t => t.Contains("GET /readyz", StringComparison.Ordinal));
            Assert.False(console.Children.ContainsKey("ports"), "only the gateway publishes ports");
        }
    }

    [Fact]
    public async Task Gateway_publishes_443_and_80_with_the_nginx_config_and_the_certificate()
    {
        var gateway = Services(await ConfigAsync())["gateway"];
        Assert.StartsWith("nginx:", Scalar(gateway["image"]), StringComparison.Ordinal);
        var ports = ((YamlSequenceNode)gateway["ports"]).Children.Cast<YamlMappingNode>()
            .Select(p => Scalar(p["published"]) + ":" + Scalar(p["target"])).Order(StringComparer.Ordinal);
        Assert.Equal(["443:8443", "80:8080"], ports);
        Assert.Contains(Strings(gateway["volumes"]), v => v.EndsWith("/docker/nginx/onlineconsole.conf:/etc/nginx/conf.d/default.conf:ro", StringComparison.Ordinal));
        var targets = ((YamlSequenceNode)gateway["secrets"]).Children.Cast<YamlMappingNode>().Select(s => Scalar(s["target"])).Order(StringComparer.Ordinal);
        Assert.Equal(["/etc/nginx/tls/tls.crt", "/etc/nginx/tls/tls.key"], targets);
        var depends = Map(gateway["depends_on"]);
        Assert.Equal(["console-a", "console-b"], depends.Children.Keys.Select(Scalar).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Postgres_redis_and_mosquitto_have_health_checks_and_postgres_reads_its_password_from_a_file()
    {
        var services = Services(await ConfigAsync());
        var postgres = services["postgres"];
        Assert.Equal("postgres:16", Scalar(postgres["image"]));
        Assert.Equal("/run/secrets/postgres_password", EnvironmentOf(postgres)["POSTGRES_PASSWORD_FILE"]);
        Assert.Contains("pg_isready", Strings(Map(postgres["healthcheck"])["test"]));
        Assert.Contains(Strings(postgres["volumes"]), v => v.EndsWith(":/var/lib/postgresql/data:rw", StringComparison.Ordinal));
        Assert.StartsWith("redis:7", Scalar(services["redis"]["image"]), StringComparison.Ordinal);
        Assert.Equal(["CMD", "redis-cli", "ping"], Strings(Map(services["redis"]["healthcheck"])["test"]));
        Assert.Equal("eclipse-mosquitto:2", Scalar(services["mosquitto"]["image"]));
        Assert.True(Map(services["mosquitto"]).Children.ContainsKey("healthcheck"));
        var config = File.ReadAllText(Path.Combine(TestStores.RepoRoot(), "docker", "mosquitto", "mosquitto.conf"));
        Assert.Contains("listener 1883", config, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_environment_block_holds_a_secret_literal()
    {
        foreach (var (name, service) in Services(await ConfigAsync("--profile", "demo")))
        {
            if (!service.Children.ContainsKey("environment")) continue;
            foreach (var (key, value) in EnvironmentOf(service))
            {
                Assert.DoesNotContain("password=", value, StringComparison.OrdinalIgnoreCase);
                Assert.False(key.EndsWith("Password", StringComparison.OrdinalIgnoreCase) || key.EndsWith("ConnectionString", StringComparison.OrdinalIgnoreCase)
                    || key == "POSTGRES_PASSWORD", $"{name}: {key} belongs in a secret file, not the environment");
            }
        }
    }

    [Fact]
    public void Source_has_no_version_key_one_console_definition_and_committed_examples_only()
    {
        var root = TestStores.RepoRoot();
        var source = File.ReadAllLines(Path.Combine(root, "docker", "compose.yaml"));
        Assert.DoesNotContain(source, l => l.StartsWith("version:", StringComparison.Ordinal));
        Assert.Contains(source, l => l.StartsWith("x-console: &console", StringComparison.Ordinal));
        Assert.Equal(2, source.Count(l => l.Trim() == "<<: *console"));
        Assert.DoesNotContain(source, l => l.Contains("Password=", StringComparison.OrdinalIgnoreCase));
        // Real secret files are git-ignored, the examples are not.
        // git check-ignore exits 0 for an ignored path, 1 for one that is not.
        foreach (var example in new[] { "postgres_password.example", "Data__ConnectionString.example" })
            Assert.Equal(1, Git(root, "check-ignore", "-q", "docker/secrets/" + example));
        foreach (var secret in new[] { "postgres_password", "Data__ConnectionString", "tls.crt", "tls.key" })
            Assert.Equal(0, Git(root, "check-ignore", "-q", "docker/secrets/" + secret));
    }

    private async Task<YamlMappingNode> ConfigAsync(params string[] extra)
    {
        if (!File.Exists(DockerCompose)) throw new InvalidOperationException($"{DockerCompose} is not installed (./test.sh installs it).");
        var start = new ProcessStartInfo(DockerCompose) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _root };
        foreach (var a in (string[])["-f", _composeFile, .. extra, "config"]) start.ArgumentList.Add(a);
        // The defaults of the file, not whatever the machine running the tests has set.
        foreach (var v in new[] { "ONLINECONSOLE_PUBLIC_URL", "DAQ_REDIS", "DCS_MQTT_HOST", "COMPOSE_FILE", "COMPOSE_PROFILES", "COMPOSE_PROJECT_NAME" }) start.Environment.Remove(v);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("docker-compose did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("docker-compose config did not finish in 60 s.");
        }
        Assert.True(process.ExitCode == 0, $"docker-compose config exited with {process.ExitCode}: {await error}");
        var yaml = new YamlStream();
        using (var reader = new StringReader(await output)) yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static Dictionary<string, YamlMappingNode> Services(YamlMappingNode config) =>
        Map(config["services"]).Children.ToDictionary(c => Scalar(c.Key), c => Map(c.Value));

    private static Dictionary<string, string> EnvironmentOf(YamlMappingNode service) =>
        Map(service["environment"]).Children.ToDictionary(c => Scalar(c.Key), c => Scalar(c.Value));

    private static YamlMappingNode Map(YamlNode node) => Assert.IsType<YamlMappingNode>(node);

    private static string Scalar(YamlNode node) => Assert.IsType<YamlScalarNode>(node).Value ?? "";

    private static string[] Strings(YamlNode node) => [.. Assert.IsType<YamlSequenceNode>(node).Children.Select(Scalar)];

    private static int Git(string dir, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = dir, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var git = Process.Start(start) ?? throw new InvalidOperationException("git did not start.");
        git.WaitForExit();
        return git.ExitCode;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from)) CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)));
    }
}
