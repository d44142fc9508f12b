namespace OnlineConsole.Collectors.Redis;

/// <summary>
/// The arguments of `--simulate-into redis://[user@]host:port[/db] [--simulate-into-password-file PATH] [config...]`.
/// The password comes from the environment or a file, never from the command line, which every user of the
/// machine can read (ps, /proc/PID/cmdline): a URL with a password, or a `--Redis:Password` argument, is refused.
/// </summary>
public sealed record SimulateIntoArguments(RedisOptions Redis, string[] Configuration)
{
    public const string PasswordVariable = "ONLINECONSOLE_SIMULATE_PASSWORD";
    public const string PasswordFileOption = "--simulate-into-password-file";

    public const string Usage =
        "usage: --simulate-into redis[s]://[user@]host:port[/db] [" + PasswordFileOption + " PATH] [--Simulator:Setting value ...]\n" +
        "       the password, if Redis needs one: environment variable " + PasswordVariable + ", or the first line of the file PATH";

    private const string UsePasswordSource =
        "Give the password in the environment variable " + PasswordVariable + " or in a file named by " + PasswordFileOption + " PATH.";

    /// <summary>
    /// Parses the arguments after `--simulate-into`. <paramref name="environment"/> reads an environment
    /// variable. Throws <see cref="FormatException"/> with a message for the operator that never contains a password.
    /// </summary>
    public static SimulateIntoArguments Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        if (args.Count == 0 || args[0].StartsWith("--", StringComparison.Ordinal)) throw new FormatException("--simulate-into needs a redis:// URL.");
        RedisOptions redis;
        try
        {
            redis = RedisOptions.FromUrl(args[0]);
        }
        catch (PasswordInUrlException ex)
        {
            throw new FormatException(ex.Message + " " + UsePasswordSource, ex);
        }

        string? passwordFile = null;
        var configuration = new List<string>();
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == PasswordFileOption)
            {
                if (i + 1 >= args.Count) throw new FormatException(PasswordFileOption + " needs a file name.");
                passwordFile = args[++i];
            }
            else if (arg.StartsWith(PasswordFileOption + "=", StringComparison.Ordinal))
            {
                passwordFile = arg[(PasswordFileOption.Length + 1)..];
            }
            else if (IsPasswordSetting(arg))
            {
                throw new FormatException("Redis:Password must not be given on the command line, where every user of the machine can read it (ps, /proc). " + UsePasswordSource);
            }
            else
            {
                configuration.Add(arg);
            }
        }

        var fromEnvironment = environment(PasswordVariable);
        if (!string.IsNullOrEmpty(fromEnvironment) && passwordFile is not null)
            throw new FormatException($"Both {PasswordVariable} and {PasswordFileOption} are given: use one.");
        if (passwordFile is not null) redis.Password = ReadPasswordFile(passwordFile);
        else if (!string.IsNullOrEmpty(fromEnvironment)) redis.Password = fromEnvironment;
        if (redis.Validate().ToList() is { Count: > 0 } errors) throw new FormatException(string.Join(" ", errors));
        return new SimulateIntoArguments(redis, [.. configuration]);
    }

    private static string ReadPasswordFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"Cannot read the password file {path}: {ex.Message}", ex);
        }
        // The first line: a file written by `echo pw > file` ends with a newline that is not part of the password.
        var line = text.Split('\n', 2)[0].TrimEnd('\r');
        return line.Length > 0 ? line : throw new FormatException($"The password file {path} is empty.");
    }

    /// <summary>--Redis:Password, --Redis__Password, /Redis:Password, with a value after '=' or as the next argument.</summary>
    private static bool IsPasswordSetting(string arg)
    {
        var key = arg.TrimStart('-', '/');
        var eq = key.IndexOf('=', StringComparison.Ordinal);
        if (eq >= 0) key = key[..eq];
        return key.Replace("__", ":", StringComparison.Ordinal).Equals("Redis:Password", StringComparison.OrdinalIgnoreCase);
    }
}
