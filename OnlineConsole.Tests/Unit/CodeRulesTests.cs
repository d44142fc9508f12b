using System.Text.RegularExpressions;
using System.Xml.Linq;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Unit;

/// <summary>Rules that keep the app's two languages complete and the data flowing one way.</summary>
[Trait("Category", "Unit")]
public sealed partial class CodeRulesTests
{
    private static IEnumerable<string> SourceFiles(params string[] patterns) =>
        new[] { "OnlineConsole", "OnlineConsole.Core", "OnlineConsole.Collectors", "wwwroot-assets/src" }
            .Select(d => Path.Combine(TestStores.RepoRoot(), d))
            .SelectMany(d => patterns.SelectMany(p => Directory.EnumerateFiles(d, p, SearchOption.AllDirectories)))
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/wwwroot/", StringComparison.Ordinal));

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

    [Fact]
    public void Every_built_in_rule_has_its_guidance_in_both_languages_and_the_English_is_the_rule_default()
    {
        var resources = Path.Combine(TestStores.RepoRoot(), "OnlineConsole/Resources");
        var en = Values(Path.Combine(resources, "UiText.resx"));
        var zh = Values(Path.Combine(resources, "UiText.zh-CN.resx"));
        foreach (var (rule, defaults) in Core.Alarms.Rules.BuiltInRules.Defaults())
        {
            Assert.Equal(defaults.Guidance, en["Alarm.Guidance." + rule]);
            Assert.False(string.IsNullOrWhiteSpace(zh["Alarm.Guidance." + rule]));
            Assert.NotEqual(en["Alarm.Guidance." + rule], zh["Alarm.Guidance." + rule]);
        }
    }

    [Fact]
    public void Every_built_in_syslog_pattern_has_its_guidance_in_both_languages_and_the_English_is_the_pattern_default()
    {
        var resources = Path.Combine(TestStores.RepoRoot(), "OnlineConsole/Resources");
        var en = Values(Path.Combine(resources, "UiText.resx"));
        var zh = Values(Path.Combine(resources, "UiText.zh-CN.resx"));
        foreach (var p in OnlineConsole.Collectors.Syslog.SyslogPattern.Defaults())
        {
            Assert.Equal(p.Guidance, en["Alarm.Guidance.syslog." + p.Name]);
            Assert.NotEqual(en["Alarm.Guidance.syslog." + p.Name], zh["Alarm.Guidance.syslog." + p.Name]);
        }
    }

    private static Dictionary<string, string> Values(string resx) =>
        XDocument.Load(resx).Root!.Elements("data").ToDictionary(e => (string)e.Attribute("name")!, e => (string)e.Element("value")!);

    [Fact]
    public void Pages_and_controls_read_the_store_through_its_view_and_never_hold_the_writable_store()
    {
        var components = Path.Combine(TestStores.RepoRoot(), "OnlineConsole/Components");
        var offenders = SourceFiles("*.razor", "*.cs")
            .Where(f => f.StartsWith(components, StringComparison.Ordinal))
            .Where(f => WritableStore().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(components, f))
            .ToList();
        Assert.True(offenders.Count == 0, "Inject ILiveView, not the store or its areas: " + string.Join(", ", offenders));
    }

    // The writable types; their read-only views are I<Name>View.
    [GeneratedRegex(@"\b(LiveStore|RunArea|ChannelArea|NetworkArea|ServiceArea|CollectorArea|AlarmArea|ChangeHub|PortHistory)\b(?!\.StoreSubscription)")]
    private static partial Regex WritableStore();

    private static HashSet<string> Keys(string resx) =>
        XDocument.Load(resx).Root!.Elements("data").Select(e => (string)e.Attribute("name")!).ToHashSet();

    [GeneratedRegex("""L\["([A-Za-z0-9.]+)"[\],]""")]
    private static partial Regex LiteralKey();
}
