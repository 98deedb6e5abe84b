using System.Text;

namespace Alliance.Governance.Ballots;

/// <summary>
/// A tally's explanation in words, in English (the text stored with the decision since the first release) or
/// Simplified Chinese, from its parts. The formulas keep their symbols and numbers in both.
/// </summary>
public static class ExplanationText
{
    /// <summary>How the parts are stored in the decision log: web names, absent fields left out.</summary>
    public static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerOptions.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The explanation in the reader's language: from its parts where they were recorded, else the stored English text.</summary>
    public static (string Text, string Language) For(HttpContext http, string stored, IReadOnlyList<ExplanationPart>? parts)
    {
        var chinese = Alliance.Hosting.RequestLanguage.PrefersChinese(http);
        return parts is { Count: > 0 } && chinese ? (Render(parts, chinese: true), "zh-CN") : (stored, "en");
    }

    public static string Render(IEnumerable<ExplanationPart> parts, bool chinese) =>
        string.Concat(parts.Select(p => chinese ? Zh(p) : En(p)));

    private static string En(ExplanationPart p) => p.Kind switch
    {
        "counted" => $"Counted: {Counters(p.Counters!, EnCounter, ", ", "; ")}. ",
        "check" => $"{EnMeasure(p.Measure)} {p.Value} {p.Comparison} {p.Share} of {EnBase(p.Base)} {p.BaseValue} ⇔ {Arithmetic(p)}: {(p.Met == true ? "met" : "not met")}. ",
        "minimum-yes" => $"Binding yes {p.Value} ≥ {p.Right}: {(p.Met == true ? "met" : "not met")}. ",
        "veto" => $"{p.Value} valid veto(es): blocks. ",
        "block" => $"{p.Value} blocking position(s): blocks. ",
        "nobody-voted" => "Nobody voted yes or no. ",
        "zero-base" => $"The base ({EnBase(p.Base)}) is zero. ",
        "tie" => $"Tie ({p.Value} : {p.Right}). ",
        "equally-divided" => "Nobody voted for or against: 0 : 0 is equally divided. ",
        "merged" => $"{p.Value} ballot(s) identical to another of the same affiliation counted as one with it. ",
        "outcome" => $"Outcome: {p.Outcome}.",
        "chair-decided" => $" The chair decided: {p.Outcome} ({p.Reason}).",
        _ => "",
    };

    private static string Zh(ExplanationPart p) => p.Kind switch
    {
        "counted" => $"计票：{Counters(p.Counters!, ZhCounter, "，", "；")}。",
        "check" => $"{ZhMeasure(p.Measure)} {p.Value} {p.Comparison} {ZhBase(p.Base)} {p.BaseValue} 的 {p.Share} ⇔ {Arithmetic(p)}：{(p.Met == true ? "满足" : "不满足")}。",
        "minimum-yes" => $"有约束力的赞成票 {p.Value} ≥ {p.Right}：{(p.Met == true ? "满足" : "不满足")}。",
        "veto" => $"{p.Value} 票有效否决：不能通过。",
        "block" => $"{p.Value} 个阻止立场：不能通过。",
        "nobody-voted" => "无人投赞成票或反对票。",
        "zero-base" => $"计算基数（{ZhBase(p.Base)}）为零。",
        "tie" => $"票数相同（{p.Value} : {p.Right}）。",
        "equally-divided" => "无人投赞成票或反对票：0 : 0 视为票数相同。",
        "merged" => $"{p.Value} 张选票与同一单位的另一张相同，与其合并计为一票。",
        "outcome" => $"结果：{ZhOutcome(p.Outcome)}。",
        "chair-decided" => $"主席裁决：{ZhOutcome(p.Outcome)}（{p.Reason}）。",
        _ => "",
    };

    // value·den = left ≥ num·of = right for the shares a threshold is measured by; the caps show the products only.
    private static string Arithmetic(ExplanationPart p)
    {
        var comparison = p.Comparison;
        if (comparison is "≤" or "<") return $"{p.Left} {comparison} {p.Right}";
        var (num, den) = p.Share!.Split('/') is [var n, var d] ? (n, d) : ("?", "?");
        return $"{p.Value}·{den} = {p.Left} {comparison} {num}·{p.BaseValue} = {p.Right}";
    }

    // Binding counters first, then "; non-binding …", then "; eligible …".
    private static string Counters(IReadOnlyList<Counter> counters, Func<Counter, string> word, string comma, string semicolon)
    {
        var text = new StringBuilder();
        for (var i = 0; i < counters.Count; i++)
        {
            if (i > 0) text.Append(counters[i].Name is "non-binding-yes" or "eligible" ? semicolon : comma);
            text.Append(word(counters[i]));
        }
        return text.ToString();
    }

    private static string EnCounter(Counter c) => c.Name switch
    {
        "no-position" => $"no position {c.Value}",
        "non-binding-yes" => $"non-binding yes {c.Value}",
        "non-binding-no" => $"no {c.Value}",
        "non-binding-abstain" => $"abstain {c.Value}",
        _ => $"{c.Name} {c.Value}",
    };

    private static string ZhCounter(Counter c) => c.Name switch
    {
        "yes" => $"赞成 {c.Value}",
        "no" => $"反对 {c.Value}",
        "abstain" => $"弃权 {c.Value}",
        "no-objection" => $"无异议 {c.Value}",
        "block" => $"阻止 {c.Value}",
        "recused" => $"回避 {c.Value}",
        "no-position" => $"未表态 {c.Value}",
        "invalid" => $"无效 {c.Value}",
        "non-binding-yes" => $"无约束力票赞成 {c.Value}",
        "non-binding-no" => $"反对 {c.Value}",
        "non-binding-abstain" => $"弃权 {c.Value}",
        "eligible" => $"有投票权者 {c.Value}",
        "present" => $"出席 {c.Value}",
        _ => $"{c.Name} {c.Value}",
    };

    private static string EnMeasure(string? measure) => measure switch
    {
        "quorum-present" => "quorum: present",
        "returned" => "return: yes+no+abstain",
        _ => measure ?? "",
    };

    private static string ZhMeasure(string? measure) => measure switch
    {
        "quorum-present" => "法定人数：出席",
        "returned" => "回收票：赞成+反对+弃权",
        "abstentions" => "弃权票",
        "negatives" => "反对票",
        "yes" => "赞成票",
        "yes+no-objection" => "赞成+无异议",
        _ => measure ?? "",
    };

    public static string EnBase(string? name) => name switch
    {
        "cast" => "yes+no",
        "cast-with-non-binding" => "all yes+no, non-binding included",
        "eligible" => "eligible voters",
        "eligible-less-recused" => "eligible less recused",
        "present" => "present",
        "returned" => "returned (yes+no+abstain)",
        _ => name ?? "",
    };

    private static string ZhBase(string? name) => name switch
    {
        "cast" => "赞成+反对",
        "cast-with-non-binding" => "全部赞成+反对（含无约束力票）",
        "eligible" => "有投票权者",
        "eligible-less-recused" => "有投票权者减回避者",
        "present" => "出席者",
        "returned" => "回收票（赞成+反对+弃权）",
        _ => name ?? "",
    };

    public static string ZhOutcome(string? outcome) => outcome switch
    {
        Outcomes.Approved => "通过",
        Outcomes.Rejected => "未通过",
        Outcomes.NoQuorum => "未达法定人数",
        Outcomes.Tie => "票数相同",
        Outcomes.ChairDecides => "由主席裁决",
        Outcomes.FurtherDiscussion => "需进一步讨论",
        Outcomes.DecisionStands => "原决定维持",
        _ => outcome ?? "",
    };
}
