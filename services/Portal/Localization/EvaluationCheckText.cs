using System.Text.RegularExpressions;

namespace Alliance.Portal.Localization;

/// <summary>
/// A failed automatic check of a benchmark submission ("code: sentence", as Compatibility stores it) in the page's
/// language: on a Chinese page the code decides the sentence, with the names (fields, metrics) it carries. A check
/// this Portal does not know is shown as stored, marked English by the caller.
/// </summary>
public sealed partial class Text
{
    public (string Text, bool English) EvaluationCheck(string check)
    {
        if (!Chinese) return (check, true);
        var colon = check.IndexOf(':');
        var code = colon > 0 ? check[..colon] : check;
        var rest = colon > 0 ? check[(colon + 1)..].Trim() : "";
        string? zh = code switch
        {
            "version-not-ratified" => "提交时该套件版本尚未批准。",
            "version-withdrawn" => "该套件版本已撤回。",
            "division-unknown" => "所填类别（封闭/开放）不属于该套件版本。",
            "category-unknown" => "所填可用性类别不属于该套件版本。",
            "system-description-incomplete" when MissingFields().Match(rest) is { Success: true } m =>
                "系统描述不完整，缺少：" + string.Join("、", m.Groups[1].Value.Split(", ").Select(f => this["evalsub.sys." + f])) + "。",
            "vendor-not-in-good-standing" => "提交时厂商不具备良好会籍。",
            "benchmark-unknown" => "该基准测试不属于此套件版本。",
            "scenario-unknown" => "此套件版本中该基准测试不含此场景。",
            "unit-mismatch" => "成绩单位与套件规定的单位不符。",
            "accuracy-missing" => $"未报告精度指标 {FirstWord(rest)}。",
            "accuracy-below-target" => $"精度指标 {FirstWord(rest)} 低于目标值。",
            "accuracy-above-limit" => $"精度指标 {FirstWord(rest)} 高于上限。",
            _ => null,
        };
        return zh is null ? (check, true) : (zh, false);
    }

    private static string FirstWord(string s) => s.Split(' ', 2)[0];

    [GeneratedRegex(@"^missing (.+)\.$")]
    private static partial Regex MissingFields();
}
