using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Unit;

/// <summary>Rules that keep the app working with the 9.0 Blazor script and its two languages complete.</summary>
[Trait("Category", "Unit")]
public sealed partial class CodeRulesTests
{
    private static IEnumerable<string> SourceFiles(params string[] patterns) =>
        new[] { "OnlineConsole", "OnlineConsole.Core", "OnlineConsole.Collectors", "wwwroot-assets/src" }
            .Select(d => Path.Combine(TestStores.RepoRoot(), d))
            .SelectMany(d => patterns.SelectMany(p => Directory.EnumerateFiles(d, p, SearchOption.AllDirectories)))
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/wwwroot/", StringComparison.Ordinal));

    [Fact]
    public void No_dotnet10_only_JS_interop_calls_which_the_9_0_script_cannot_serve()
    {
        var offenders = SourceFiles("*.cs", "*.razor")
            .Where(f => File.ReadAllText(f) is var t && (t.Contains("GetValueAsync", StringComparison.Ordinal) || t.Contains("SetValueAsync", StringComparison.Ordinal) || t.Contains("InvokeConstructorAsync", StringComparison.Ordinal)))
            .Select(Path.GetFileName).ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void The_served_Blazor_script_is_the_known_9_0_22_build()
    {
        var path = Path.Combine(TestStores.RepoRoot(), "OnlineConsole/wwwroot/_framework/blazor.web.js");
        var hash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
        // Changing the script's version changes this: re-run the reconnect and interop browser tests, then update.
        Assert.Equal(KnownBlazorScriptSha256, hash);
    }

    internal const string KnownBlazorScriptSha256 = "9E4B324DD37A521AE407524DD291709E5B7BB1355D4D4698E4A047A9B4FE87C2";

    [Fact]
    public void Every_text_key_used_in_the_UI_exists_in_English_and_Chinese()
    {
        var resources = Path.Combine(TestStores.RepoRoot(), "OnlineConsole/Resources");
        var en = Keys(Path.Combine(resources, "UiText.resx"));
        var zh = Keys(Path.Combine(resources, "UiText.zh-CN.resx"));
        Assert.Equal(en.Order(), zh.Order());

        var used = SourceFiles("*.razor").SelectMany(f => LiteralKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)).ToHashSet();
        Assert.NotEmpty(used);
        Assert.Empty(used.Except(en));

        // Keys built from enum names.
        foreach (var (prefix, type) in new[] { ("RunState.", typeof(Core.Run.RunState)), ("ServiceState.", typeof(Core.Services.ServiceState)), ("PmtType.", typeof(Core.Detector.PmtType)) })
            Assert.All(Enum.GetNames(type), n => Assert.Contains(prefix + n, en));
    }

    private static HashSet<string> Keys(string resx) =>
        XDocument.Load(resx).Root!.Elements("data").Select(e => (string)e.Attribute("name")!).ToHashSet();

    [GeneratedRegex("""L\["([A-Za-z0-9.]+)"[\],]""")]
    private static partial Regex LiteralKey();
}
