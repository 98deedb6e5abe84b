using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Alliance.Transparency;

/// <summary>
/// RFC 8785 JSON Canonicalization Scheme: the one byte sequence of a JSON value, so that a hash of "the same data" is the
/// same whoever serialised it and however (key order, whitespace, escapes, 4.50 vs 4.5). Object members are sorted by
/// their names' UTF-16 code units, strings use the minimal ECMAScript escapes, numbers the ECMAScript shortest form of
/// the IEEE-754 double (RFC 8785 §3.2.2.3), and the result is UTF-8. No NuGet package here does it, and it is small.
/// </summary>
public static class Jcs
{
    public static byte[] Canonicalize(string json)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        return Canonicalize(doc.RootElement);
    }

    public static byte[] Canonicalize(JsonElement value)
    {
        var text = new StringBuilder();
        Write(value, text);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void Write(JsonElement value, StringBuilder text)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                text.Append('{');
                var first = true;
                foreach (var member in value.EnumerateObject().OrderBy(m => m.Name, StringComparer.Ordinal))
                {
                    if (!first) text.Append(',');
                    first = false;
                    WriteString(member.Name, text);
                    text.Append(':');
                    Write(member.Value, text);
                }
                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (i++ > 0) text.Append(',');
                    Write(item, text);
                }
                text.Append(']');
                break;
            case JsonValueKind.String: WriteString(value.GetString()!, text); break;
            case JsonValueKind.Number: text.Append(Number(value.GetDouble())); break;
            case JsonValueKind.True: text.Append("true"); break;
            case JsonValueKind.False: text.Append("false"); break;
            case JsonValueKind.Null: text.Append("null"); break;
            default: throw new FormatException($"Not a JSON value: {value.ValueKind}");
        }
    }

    /// <summary>JSON.stringify's string escapes: \" \\ \b \f \n \r \t, other controls as \u00xx, everything else as is.</summary>
    private static void WriteString(string s, StringBuilder text)
    {
        text.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (c < 0x20) text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else text.Append(c);
                    break;
            }
        }
        text.Append('"');
    }

    /// <summary>
    /// ECMAScript Number::toString (ECMA-262 §6.1.6.1.20): the shortest digits that round-trip (which .NET's "R" also
    /// finds), laid out in plain notation for exponents from -6 to 20 and in "1e+21" notation beyond.
    /// </summary>
    public static string Number(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)) throw new FormatException("NaN and Infinity are not JSON");
        if (value == 0) return "0";
        var (digits, exponent) = Digits(Math.Abs(value).ToString("R", CultureInfo.InvariantCulture));
        var k = digits.Length;
        var n = exponent; // value = 0.d1d2…dk × 10^n
        var sign = value < 0 ? "-" : "";
        string body;
        if (k <= n && n <= 21) body = digits + new string('0', n - k);
        else if (0 < n && n <= 21) body = digits[..n] + "." + digits[n..];
        else if (-6 < n && n <= 0) body = "0." + new string('0', -n) + digits;
        else
        {
            var e = n - 1;
            var exp = (e < 0 ? "-" : "+") + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
            body = (k == 1 ? digits : digits[..1] + "." + digits[1..]) + "e" + exp;
        }
        return sign + body;
    }

    /// <summary>The significant digits of a positive number's text and n such that it equals 0.digits × 10^n.</summary>
    private static (string Digits, int N) Digits(string text)
    {
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var dot = text.IndexOf('.');
        var integerPart = dot < 0 ? text : text[..dot];
        var fraction = dot < 0 ? "" : text[(dot + 1)..];
        var all = integerPart + fraction;
        var n = integerPart.Length + exponent;
        var leading = all.Length - all.TrimStart('0').Length;
        all = all[leading..];
        n -= leading;
        all = all.TrimEnd('0');
        return (all, n);
    }
}
