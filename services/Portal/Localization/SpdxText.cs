using Alliance.Portal.Api;

namespace Alliance.Portal.Localization;

/// <summary>An SPDX parser issue in the page's language, from its code, token and hint; an unknown code as written (English).</summary>
public sealed partial class Text
{
    public (string Text, bool English) SpdxIssue(LicenceIssue issue)
    {
        if (!Chinese) return (issue.Message, true);
        var (token, hint) = (issue.Token, issue.Hint);
        string? zh = issue.Code switch
        {
            "empty" => "表达式为空。",
            "too-long" => $"表达式超过 {hint} 个字符。",
            "unexpected-character" => $"意外的字符“{token}”：标识符只能包含字母、数字、“-”和“.”。",
            "plus-after-space" => "“+”必须紧跟在许可证标识符之后，中间不能有空格。",
            "with-after-group" => "WITH 必须跟在单个许可证之后，不能跟在括号表达式之后。",
            "second-with" => "出现第二个 WITH：一个许可证只能带一个例外。",
            "too-deep" => $"括号嵌套超过 {hint} 层。",
            "plus-inside-id" => $"“{token}”：“+”只能出现在许可证标识符末尾。",
            "addition-ref-as-licence" => $"“{token}”是 AdditionRef，应写在 WITH 之后。",
            "plus-on-licence-ref" => $"“{token}”：“+”只适用于 SPDX 列表中的许可证，不适用于 LicenseRef。",
            "deprecated-licence" => hint is null ? $"“{token}”在 SPDX 列表中已弃用。" : $"“{token}”在 SPDX 列表中已弃用，请改用 {hint.Replace(" ", " 或 ", StringComparison.Ordinal)}。",
            "exception-as-licence" => $"“{token}”是例外标识符，应写在 WITH 之后。",
            "unknown-licence" => hint is null ? $"未知的许可证标识符“{token}”。" : $"未知的许可证标识符“{token}”（是否指“{hint}”？）。",
            "licence-ref-as-exception" => $"“{token}”是 LicenseRef；WITH 之后应为例外标识符或 AdditionRef。",
            "deprecated-exception" => $"“{token}”是 SPDX 列表中已弃用的例外标识符。",
            "licence-as-exception" => $"“{token}”是许可证标识符而非例外：WITH 之后应为例外标识符。",
            "unknown-exception" => $"未知的例外标识符“{token}”。",
            "ends-early" => "表达式提前结束：后面还缺少许可证标识符或右括号。",
            "lowercase-operator" => $"“{token}”：运算符必须大写（{hint}）。",
            "unexpected-token" => $"此处不应出现“{token}”。",
            _ => null,
        };
        return zh is null ? (issue.Message, true) : (zh, false);
    }
}
