using OnlineConsole.Collectors.Redis;

namespace OnlineConsole.Tests.Redis;

/// <summary>
/// `--simulate-into`: the Redis password never comes from the command line (which ps shows every user), but from
/// ONLINECONSOLE_SIMULATE_PASSWORD or a file; refusals say so and never repeat the password.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SimulateIntoArgumentsTests : IDisposable
{
    private const string Secret = "pw-on-the-command-line-4410";
    private readonly string _dir = Directory.CreateTempSubdirectory("oc-simulate-into-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Func<string, string?> Env(string? password = null) =>
        name => name == SimulateIntoArguments.PasswordVariable ? password : null;

    private static FormatException Refused(string[] args, string? envPassword = null)
    {
        var ex = Assert.ThrowsAny<FormatException>(() => SimulateIntoArguments.Parse(args, Env(envPassword)));
        Assert.DoesNotContain(Secret, ex.Message, StringComparison.Ordinal);
        return ex;
    }

    [Theory]
    [InlineData("redis://:" + Secret + "@127.0.0.1:6379")]
    [InlineData("redis://daq:" + Secret + "@127.0.0.1:6379/2")]
    [InlineData("rediss://daq:" + Secret + "@daq-redis:6380")]
    public void A_password_in_the_url_is_refused_with_where_to_put_it_instead(string url)
    {
        var ex = Refused([url]);
        Assert.Contains(SimulateIntoArguments.PasswordVariable, ex.Message, StringComparison.Ordinal);
        Assert.Contains("--simulate-into-password-file", ex.Message, StringComparison.Ordinal);
        Assert.Contains("***@", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Redis:Password", Secret)]
    [InlineData("--Redis:Password=" + Secret, null)]
    [InlineData("--redis__password=" + Secret, null)]
    [InlineData("/Redis:Password", Secret)]
    public void A_password_setting_on_the_command_line_is_refused(string setting, string? value)
    {
        var ex = Refused(value is null ? ["redis://127.0.0.1:6379", setting] : ["redis://127.0.0.1:6379", setting, value]);
        Assert.Contains(SimulateIntoArguments.PasswordVariable, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_password_comes_from_the_environment_and_the_user_from_the_url()
    {
        var parsed = SimulateIntoArguments.Parse(["redis://daq@127.0.0.1:6390/3", "--Simulator:RunLength", "00:05:00"], Env(Secret));
        Assert.Equal(["127.0.0.1:6390"], parsed.Redis.Endpoints);
        Assert.Equal(("daq", Secret, 3), (parsed.Redis.User, parsed.Redis.Password, parsed.Redis.Database));
        Assert.Equal(["--Simulator:RunLength", "00:05:00"], parsed.Configuration);
        Assert.Equal("redis://daq@127.0.0.1:6390/3", parsed.Redis.Describe());

        var none = SimulateIntoArguments.Parse(["redis://127.0.0.1:6379"], Env());
        Assert.Null(none.Redis.Password);
        Assert.Null(none.Redis.User);
    }

    [Fact]
    public void The_password_comes_from_the_first_line_of_a_file()
    {
        var file = Path.Combine(_dir, "redis.pw");
        File.WriteAllText(file, Secret + "\n");
        var parsed = SimulateIntoArguments.Parse(["redis://127.0.0.1:6379", "--simulate-into-password-file", file, "--Simulator:Seed=7"], Env());
        Assert.Equal(Secret, parsed.Redis.Password);
        Assert.Equal(["--Simulator:Seed=7"], parsed.Configuration);
        Assert.Equal(Secret, SimulateIntoArguments.Parse(["redis://127.0.0.1:6379", "--simulate-into-password-file=" + file], Env()).Redis.Password);
    }

    [Fact]
    public void A_missing_or_empty_file_both_sources_at_once_or_no_url_are_clear_errors()
    {
        var missing = Path.Combine(_dir, "absent.pw");
        Assert.Contains("Cannot read the password file " + missing, Refused(["redis://127.0.0.1:6379", "--simulate-into-password-file", missing]).Message, StringComparison.Ordinal);
        var empty = Path.Combine(_dir, "empty.pw");
        File.WriteAllText(empty, "\n");
        Assert.Contains("is empty", Refused(["redis://127.0.0.1:6379", "--simulate-into-password-file", empty]).Message, StringComparison.Ordinal);
        var file = Path.Combine(_dir, "redis.pw");
        File.WriteAllText(file, Secret);
        Assert.Contains("use one", Refused(["redis://127.0.0.1:6379", "--simulate-into-password-file", file], envPassword: "other").Message, StringComparison.Ordinal);
        Assert.Contains("needs a file name", Refused(["redis://127.0.0.1:6379", "--simulate-into-password-file"]).Message, StringComparison.Ordinal);
        Assert.Contains("needs a redis:// URL", Refused([]).Message, StringComparison.Ordinal);
        // A URL that does not parse is shown without what stood before its '@'.
        Assert.Contains("Not a redis:// URL: http://***@host", Refused(["http://x:" + Secret + "@host"]).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_line_tool_prints_the_refusal_and_its_usage_and_exits_with_2()
    {
        using var error = new StringWriter();
        Assert.Equal(2, OnlineConsole.Cli.SimulateInto(["redis://:" + Secret + "@127.0.0.1:6379"], error));
        var text = error.ToString();
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.Contains("ONLINECONSOLE_SIMULATE_PASSWORD", text, StringComparison.Ordinal);
        Assert.Contains("usage: --simulate-into redis[s]://[user@]host:port[/db] [--simulate-into-password-file PATH]", text, StringComparison.Ordinal);
    }
}
