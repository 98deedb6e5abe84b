namespace Alliance.Governance.OpenSource.Licences;

/// <summary>
/// One step of a licence verdict as data. Kind: or (the best option decides), and (the weakest term decides), term (Term is
/// Category because of Reason: licence-ref, named-combination, not-in-policy, exception-adds-permissions, or-later, policy;
/// Licence is the id it was judged by, Note the policy entry's note).
/// </summary>
public sealed record LicencePart(string Kind, string? Term = null, string? Category = null, string? Reason = null, string? Licence = null, string? Note = null);

/// <summary>A licence verdict in words, English or Simplified Chinese; a policy note the secretariat wrote is shown as written unless it is one of the seed's.</summary>
public static class LicenceText
{
    public static string Render(IEnumerable<LicencePart> parts, bool chinese) =>
        string.Join(chinese ? "：" : ": ", parts.Select(p => p.Kind switch
        {
            "or" => chinese ? "OR 取最优的选项" : "OR takes the best option",
            "and" => chinese ? "AND 要求每一项都满足，因此以最弱的一项为准" : "AND needs every term, so the weakest decides",
            _ => chinese ? $"{p.Term} 为{Category(p.Category, true)}（{Reason(p, true)}）" : $"{p.Term} is {p.Category} ({Reason(p, false)})",
        }));

    public static string Reason(LicencePart p, bool chinese)
    {
        var note = p.Note is null ? "" : chinese ? $"：{Note(p.Note)}" : $": {p.Note}";
        return (p.Reason, chinese) switch
        {
            ("licence-ref", false) => "a LicenseRef is not on the SPDX list, so a person must review its text",
            ("licence-ref", true) => "LicenseRef 不在 SPDX 许可证列表中，须由人工审查其文本",
            ("named-combination", false) => $"the policy names this combination{note}",
            ("named-combination", true) => $"许可证政策对这一组合另有规定{note}",
            ("not-in-policy", false) => $"{p.Licence} is not in the licence policy",
            ("not-in-policy", true) => $"{p.Licence} 不在许可证政策中",
            ("exception-adds-permissions", false) => $"judged by {p.Licence}, since an exception only adds permissions{note}",
            ("exception-adds-permissions", true) => $"按 {p.Licence} 判定，因为例外条款只增加许可{note}",
            ("or-later", false) => $"{p.Licence} or a later version; judged by {p.Licence}{note}",
            ("or-later", true) => $"{p.Licence} 或其更高版本；按 {p.Licence} 判定{note}",
            (_, false) => $"policy{note}",
            (_, true) => $"许可证政策的规定{note}",
        };
    }

    public static string Category(string? category, bool chinese) => !chinese ? category ?? "" : category switch
    {
        "allowed" => "允许",
        "restricted" => "受限",
        "forbidden" => "禁止",
        "needs-review" => "需人工审查",
        _ => category ?? "",
    };

    // The notes of the seeded policy (licence-policy-seed.json); notes added by later policy changes are shown as written.
    private static string Note(string note) => note switch
    {
        "Apache category A" => "Apache A 类",
        "Apache category A and CNCF allowlist" => "Apache A 类，且在 CNCF 允许清单中",
        "Apache category B: binary dependency only, or an approved exception" => "Apache B 类：仅可作为二进制依赖，或经批准的例外",
        "Apache category X" => "Apache X 类",
        "Apache category X; CNCF does not accept it" => "Apache X 类；CNCF 不接受",
        _ => note,
    };
}
