using OnlineConsole.Core.Security;
using OnlineConsole.Data;

namespace OnlineConsole.Security;

/// <summary>
/// `users add NAME --role ROLE | list | disable NAME | enable NAME | role NAME ROLE | reset-password NAME`.
/// Passwords come from the environment variable ONLINECONSOLE_PASSWORD or the first line of standard input,
/// never from the command line (it would land in shell history and process lists).
/// </summary>
public static class UsersCli
{
    public const string PasswordVariable = "ONLINECONSOLE_PASSWORD";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var users = services.GetRequiredService<UserStore>();
        var audit = services.GetRequiredService<IAuditLog>();
        var time = services.GetRequiredService<TimeProvider>();
        var who = "cli:" + Environment.UserName;
        string? Opt(string name) => Array.IndexOf(args, name) is var i && i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        async Task<string> PasswordAsync() => Environment.GetEnvironmentVariable(PasswordVariable) is { Length: > 0 } p ? p : (await input.ReadLineAsync() ?? "");
        Task Audit(string action, string target, string? before, string? after) =>
            audit.AppendAsync(new AuditEntry(time.GetUtcNow(), who, "local", action, target, "command line", before, after, "ok"));
        try
        {
            switch (args.FirstOrDefault())
            {
                case "add" when args.Length > 1:
                {
                    var role = ParseRole(Opt("--role") ?? "shifter");
                    users.Add(args[1], role, await PasswordAsync());
                    await Audit("user.add", args[1], null, $"role={role}");
                    await output.WriteLineAsync($"Added {args[1]} ({role}).");
                    return 0;
                }
                case "list":
                    foreach (var u in users.List())
                        await output.WriteLineAsync($"{u.Name,-20} {u.Role,-8} {(u.Disabled ? "disabled" : "enabled"),-8} {(u.LockedUntil is { } l && l > time.GetUtcNow() ? "locked until " + l.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "")}");
                    return 0;
                case "disable" or "enable" when args.Length > 1:
                {
                    var disable = args[0] == "disable";
                    if (!users.SetDisabled(args[1], disable)) return NoSuchUser(error, args[1]);
                    await Audit("user." + args[0], args[1], null, null);
                    await output.WriteLineAsync($"{args[1]} {args[0]}d.");
                    return 0;
                }
                case "role" when args.Length > 2:
                {
                    var before = users.Find(args[1]);
                    var role = ParseRole(args[2]);
                    if (before is null || !users.SetRole(args[1], role)) return NoSuchUser(error, args[1]);
                    await Audit("user.role", args[1], $"role={before.Role}", $"role={role}");
                    await output.WriteLineAsync($"{args[1]} is now {role}.");
                    return 0;
                }
                case "reset-password" when args.Length > 1:
                    if (!users.ResetPassword(args[1], await PasswordAsync())) return NoSuchUser(error, args[1]);
                    await Audit("user.password-reset", args[1], null, null);
                    await output.WriteLineAsync($"Password of {args[1]} reset.");
                    return 0;
                default:
                    await error.WriteLineAsync("usage: users add NAME --role display|shifter|expert|admin | list | disable NAME | enable NAME | role NAME ROLE | reset-password NAME\n" +
                        $"(passwords from ${PasswordVariable} or the first line of standard input)");
                    return 2;
            }
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return 1;
        }
    }

    private static int NoSuchUser(TextWriter error, string name)
    {
        error.WriteLine($"No user '{name}'.");
        return 1;
    }

    private static OperatorRole ParseRole(string text) =>
        Enum.TryParse<OperatorRole>(text, ignoreCase: true, out var r) && Enum.IsDefined(r) ? r
            : throw new ArgumentException($"Unknown role '{text}' (display, shifter, expert, admin).");
}
