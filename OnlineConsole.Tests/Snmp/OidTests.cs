using System.Globalization;
using OnlineConsole.Collectors.Snmp;
using Xunit;

namespace OnlineConsole.Tests.Snmp;

[Trait("Category", "Unit")]
public class OidTests
{
    [Theory]
    [InlineData("1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.1.0")]
    [InlineData(".1.3.6.1", "1.3.6.1")]
    [InlineData("0.0", "0.0")]
    [InlineData("2.999.3", "2.999.3")]
    [InlineData("1.3.4294967295", "1.3.4294967295")]
    public void Parse_accepts_numeric_form_and_prints_it_back(string text, string expected)
    {
        Assert.Equal(expected, Oid.Parse(text).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData(".")]
    [InlineData("3.1")]
    [InlineData("1.40")]
    [InlineData("1..3")]
    [InlineData("1.3.")]
    [InlineData("1.3.a")]
    [InlineData("1.3.-1")]
    [InlineData(" 1.3")]
    [InlineData("1.3.+6")]
    [InlineData("1.3.4294967296")]
    [InlineData("iso.3.6")]
    public void Parse_rejects_what_is_not_a_valid_numeric_oid(string text)
    {
        Assert.False(Oid.TryParse(text, out _));
        Assert.Throws<FormatException>(() => Oid.Parse(text));
    }

    [Fact]
    public void At_most_128_arcs_are_allowed()
    {
        string longest = "1.3" + string.Concat(Enumerable.Repeat(".7", 126));
        Assert.Equal(128, Oid.Parse(longest).Length);
        Assert.False(Oid.TryParse(longest + ".7", out _));
        Assert.Throws<ArgumentException>(() => new Oid(new uint[129]));
    }

    [Fact]
    public void Ordering_is_numeric_and_lexicographic_by_arc()
    {
        string[] sorted = ["1.3.6", "1.3.6.1", "1.3.6.1.2", "1.3.6.1.10", "1.3.7", "2.0"];
        var shuffled = sorted.Reverse().Select(Oid.Parse).ToList();
        shuffled.Sort();
        Assert.Equal(sorted, shuffled.Select(o => o.ToString()));
        Assert.True(Oid.Parse("1.3.6.1.2") < Oid.Parse("1.3.6.1.10"));
        Assert.True(Oid.Parse("1.3.6.1") <= Oid.Parse("1.3.6.1"));
        Assert.True(Oid.Parse("1.3.6.1") > null);
    }

    [Fact]
    public void StartsWith_is_true_for_the_oid_itself_and_its_subtree_only()
    {
        var table = Oid.Parse("1.3.6.1.2.1.2.2");
        Assert.True(Oid.Parse("1.3.6.1.2.1.2.2.1.1.1").StartsWith(table));
        Assert.True(table.StartsWith(table));
        Assert.False(Oid.Parse("1.3.6.1.2.1.2.20").StartsWith(table));
        Assert.False(Oid.Parse("1.3.6.1.2.1.2").StartsWith(table));
    }

    [Fact]
    public void Equal_oids_are_equal_and_hash_alike()
    {
        var a = Oid.Parse("1.3.6.1.4.1.8072");
        var b = new Oid(1, 3, 6, 1, 4, 1).Append(8072);
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, Oid.Parse("1.3.6.1.4.1.8073"));
    }

    [Fact]
    public void Text_does_not_depend_on_the_current_culture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("ar-SA");
            Assert.Equal("1.3.6.1.4294967295", Oid.Parse("1.3.6.1.4294967295").ToString());
            Assert.Equal("-5", SnmpValue.Integer(-5).ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}
