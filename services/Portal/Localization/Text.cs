using System.Globalization;
using System.Text.RegularExpressions;

namespace Alliance.Portal.Localization;

/// <summary>The page texts in the request's language, and dates, numbers and API messages rendered for it.</summary>
public sealed partial class Text
{
    private static CultureInfo Culture => CultureInfo.CurrentCulture;

    public bool Chinese => Languages.IsChinese;

    public string Lang => Chinese ? "zh-CN" : "en";

    public string this[string key] => Texts.All.TryGetValue(key, out var t) ? (Chinese ? t.Zh : t.En) : key;

    public string Format(string key, params object[] args) => string.Format(Culture, this[key], args);

    public string Date(DateTimeOffset? value) => value is { } v ? v.UtcDateTime.ToString(Chinese ? "yyyy年M月d日" : "d MMM yyyy", Culture) : "—";

    public string Date(DateOnly? value) => value is { } v ? Date(new DateTimeOffset(v.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)) : "—";

    public string DateTime(DateTimeOffset? value) => value is { } v ? v.UtcDateTime.ToString(Chinese ? "yyyy年M月d日 HH:mm 'UTC'" : "d MMM yyyy HH:mm 'UTC'", Culture) : "—";

    public string Number(long value) => value.ToString("N0", Culture);

    /// <summary>A ballot's counters in words: for, against, abstaining, not voting, of the eligible.</summary>
    public string Tally(System.Text.Json.JsonElement? tally)
    {
        long Count(string name) => tally is { ValueKind: System.Text.Json.JsonValueKind.Object } t && t.TryGetProperty(name, out var v) && v.TryGetInt64(out var n) ? n : 0;
        return Format("decisions.tally", Number(Count("yes")), Number(Count("no")), Number(Count("abstain")), Number(Count("noPosition")), Number(Count("eligible")));
    }

    /// <summary>Status words (certified, open, approved…) in the page's language; unknown ones as they are.</summary>
    public string Status(string? status) => status is null ? "—" : Texts.All.TryGetValue("status." + status, out var t) ? (Chinese ? t.Zh : t.En) : status;

    /// <summary>A refusal rule of Governance in words (no-committee, ballot-needs-voters, …); an unknown one as it is.</summary>
    public string Refusal(string rule) => Texts.All.TryGetValue("refusal.rule." + rule, out var t) ? (Chinese ? t.Zh : t.En) : rule;

    /// <summary>
    /// A service's validation message in the page's language: the common shapes are translated, anything else
    /// is shown as the service wrote it, after a translated lead-in, so nothing is lost.
    /// </summary>
    public string ApiMessage(string message)
    {
        if (RequiredPattern().IsMatch(message)) return this["err.required"];
        if (MaxLengthPattern().Match(message) is { Success: true } max) return Format("err.max-length", max.Groups[1].Value);
        if (OneOfPattern().Match(message) is { Success: true } oneOf) return Format("err.one-of", oneOf.Groups[1].Value);
        if (message.Contains("valid e-mail address", StringComparison.Ordinal)) return this["err.email"];
        if (message.Contains("absolute http(s) URL", StringComparison.Ordinal)) return this["err.url"];
        if (message.Contains("must be in the future", StringComparison.Ordinal)) return this["err.future"];
        return Chinese ? $"输入有误：{message}" : message;
    }

    [GeneratedRegex(@"^'[^']+' is required")]
    private static partial Regex RequiredPattern();

    [GeneratedRegex(@"must be at most (\d+) characters")]
    private static partial Regex MaxLengthPattern();

    [GeneratedRegex(@"must be one of: (.+?)\.?$")]
    private static partial Regex OneOfPattern();
}
