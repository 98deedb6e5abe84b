using System.Text.RegularExpressions;

namespace Alliance.Portal.Localization;

/// <summary>
/// A failed automatic check of a certification ("code: sentence", as Compatibility stores it) in the page's
/// language. The stored sentence is English and stays the record; a Chinese page reads the same facts from it
/// by its code. A check this Portal does not know yet is shown as stored, marked English by the caller.
/// </summary>
public sealed partial class Text
{
    /// <summary>The check in the page's language, and whether it is still the stored English sentence.</summary>
    public (string Text, bool English) CertificationCheck(string check)
    {
        if (!Chinese) return (check, true);
        var m = CheckPattern().Match(check);
        if (!m.Success) return (check, true);
        string G(string name) => m.Groups[name].Value;
        string? zh = G("code") switch
        {
            "version-not-ratified" => $"截至 {G("date")}，{G("standard")} {G("version")} 尚未批准。",
            "version-not-certifiable" => $"截至 {G("date")}，{G("standard")} 只能认证以下版本：{G("list")}。",
            "must-unanswered" => $"必需条款 {G("id")} 没有结果。",
            "must-not-passed" => $"必需条款 {G("id")} 未通过。",
            "prerequisite-missing" => $"需要该产品在 {G("date")} 有效的 {G("standard")} {G("version")} 认证。".Replace("  ", " "),
            "vendor-not-in-good-standing" => $"截至 {G("date")}，厂商状态为{Status(G("status"))}，不具备良好会籍。",
            _ => null,
        };
        return zh is null ? (check, true) : (zh, false);
    }

    // One pattern per sentence of CertificationDecisions.Checks, each naming the parts a translation needs.
    [GeneratedRegex("""
        ^(?<code>version-not-ratified):\ (?<standard>\S+)\ (?<version>\S+)\ is\ not\ ratified\ as\ of\ (?<date>\S+)\.$
        |^(?<code>version-not-certifiable):\ only\ (?<list>.*)\ of\ (?<standard>\S+)\ could\ be\ certified\ as\ of\ (?<date>\S+)\.$
        |^(?<code>must-unanswered):\ (?<id>\S+)\ has\ no\ result\.$
        |^(?<code>must-not-passed):\ (?<id>\S+)\ is\ not\ passed\.$
        |^(?<code>prerequisite-missing):\ a\ (?<standard>\S+)\ (?<version>\S*)\ ?certification\ of\ the\ product\ valid\ on\ (?<date>\S+)\ is\ required\.$
        |^(?<code>vendor-not-in-good-standing):\ the\ vendor\ is\ (?<status>\S+)\ as\ of\ (?<date>\S+)\.$
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.ExplicitCapture)]
    private static partial Regex CheckPattern();
}
