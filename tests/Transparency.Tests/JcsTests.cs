using System.Text;

using Xunit;

namespace Alliance.Transparency.Tests;

/// <summary>RFC 8785's own examples (§3.2.2, §3.2.3, Appendix B) and the properties a hash of "the same data" relies on.</summary>
public sealed class JcsTests
{
    private static string Canon(string json) => Encoding.UTF8.GetString(Jcs.Canonicalize(json));

    [Fact]
    public void The_RFC_8785_main_example_canonicalizes_to_its_published_output()
    {
        const string input = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """;
        Assert.Equal("""{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}""", Canon(input));
    }

    [Fact]
    public void Members_are_sorted_by_UTF16_code_units_as_in_RFC_8785_section_3_2_3()
    {
        const string input = """
            {"\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One",
             "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control", "\u00f6": "Latin Small Letter O With Diaeresis"}
            """;
        var names = System.Text.Json.JsonDocument.Parse(Jcs.Canonicalize(input)).RootElement.EnumerateObject().Select(p => p.Value.GetString()).ToList();
        Assert.Equal(["Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis", "Euro Sign", "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh"], names);
    }

    [Theory]
    // RFC 8785 Appendix B: IEEE-754 values and their ECMAScript serialisations.
    [InlineData(0x0000000000000000UL, "0")]
    [InlineData(0x8000000000000000UL, "0")]
    [InlineData(0x0000000000000001UL, "5e-324")]
    [InlineData(0x8000000000000001UL, "-5e-324")]
    [InlineData(0x7fefffffffffffffUL, "1.7976931348623157e+308")]
    [InlineData(0xffefffffffffffffUL, "-1.7976931348623157e+308")]
    [InlineData(0x4340000000000000UL, "9007199254740992")]
    [InlineData(0xc340000000000000UL, "-9007199254740992")]
    [InlineData(0x4430000000000000UL, "295147905179352830000")]
    [InlineData(0x44b52d02c7e14af5UL, "9.999999999999997e+22")]
    [InlineData(0x44b52d02c7e14af6UL, "1e+23")]
    [InlineData(0x44b52d02c7e14af7UL, "1.0000000000000001e+23")]
    [InlineData(0x444b1ae4d6e2ef4eUL, "999999999999999700000")]
    [InlineData(0x444b1ae4d6e2ef4fUL, "999999999999999900000")]
    [InlineData(0x444b1ae4d6e2ef50UL, "1e+21")]
    [InlineData(0x3eb0c6f7a0b5ed8cUL, "9.999999999999997e-7")]
    [InlineData(0x3eb0c6f7a0b5ed8dUL, "0.000001")]
    [InlineData(0x41b3de4355555553UL, "333333333.3333332")]
    [InlineData(0x41b3de4355555554UL, "333333333.33333325")]
    [InlineData(0x41b3de4355555555UL, "333333333.3333333")]
    [InlineData(0x41b3de4355555556UL, "333333333.3333334")]
    [InlineData(0x41b3de4355555557UL, "333333333.33333343")]
    [InlineData(0xbecbf647612f3696UL, "-0.0000033333333333333333")]
    [InlineData(0x43143ff3c1cb0959UL, "1424953923781206.2")]
    public void Numbers_serialize_as_RFC_8785_appendix_B_says(ulong bits, string expected) =>
        Assert.Equal(expected, Jcs.Number(BitConverter.UInt64BitsToDouble(bits)));

    [Fact]
    public void Whitespace_order_and_escapes_do_not_change_the_canonical_bytes()
    {
        Assert.Equal(Canon("""{"b": [1, 2.0, "x"], "a": {"d": null, "c": "\u00e9"}}"""), Canon("""{"a":{"c":"é","d":null},"b":[1,2,"\u0078"]}"""));
        Assert.NotEqual(Canon("""{"a":"1"}"""), Canon("""{"a":1}"""));
    }

    [Fact]
    public void Controls_are_escaped_as_JSON_stringify_does()
    {
        Assert.Equal("\"\\b\\t\\n\\f\\r\\u0001\\u001f \u007f\u2028\"", Canon("\"\\b\\t\\n\\f\\r\\u0001\\u001f \\u007f\\u2028\""));
    }
}
