namespace Alliance.Portal.Localization;

/// <summary>The texts of the evaluation pages (results table and comparison), in English and Simplified Chinese; merged into Texts.All.</summary>
public static class EvaluationTexts
{
    public static readonly (string Key, string En, string Zh)[] Entries =
    [
        ("nav.evaluations", "Benchmarks", "测评结果"),
        ("evaluations.title", "Benchmark results", "测评结果"),
        ("evaluations.lead", "Measured results of systems on the alliance's benchmark suites, reviewed by peers before publication: compare diverse compute on the same workloads.",
            "各系统在联盟测评套件上的实测结果，发布前经同行评审：在相同负载上比较多元算力。"),
        ("evaluations.benchmark", "Benchmark", "基准测试"),
        ("evaluations.scenario", "Scenario", "场景"),
        ("evaluations.division", "Division", "类别（封闭/开放）"),
        ("evaluations.category", "Availability", "可用性"),
        ("evaluations.accelerator", "Accelerators", "加速器"),
        ("evaluations.submitter", "Submitter", "提交者"),
        ("evaluations.system", "System", "系统"),
        ("evaluations.score", "Score", "成绩"),
        ("evaluations.per-accelerator", "Per accelerator", "每加速器"),
        ("evaluations.per-watt", "Per watt", "每瓦"),
        ("evaluations.reviewed-by", "Reviewed", "评审"),
        ("evaluations.result-id", "Result id", "结果编号"),
        ("evaluations.sort", "Order by", "排序"),
        ("evaluations.sort.score", "score (best first for its metric)", "成绩（按指标方向，最佳在前）"),
        ("evaluations.sort.perAccelerator", "score per accelerator", "每加速器成绩"),
        ("evaluations.sort.perWatt", "score per watt", "每瓦成绩"),
        ("evaluations.count", "{0} results as of {1}", "截至 {1}，共 {0} 项结果"),
        ("evaluations.none", "No published result matches.", "没有符合条件的已发布结果。"),
        ("evaluations.cpu-only", "CPU only", "仅 CPU"),
        ("evaluations.logs", "logs", "日志"),
        ("evaluations.compare", "Compare the selected systems", "比较所选系统"),
        ("evaluations.compare-pick", "Compare", "比较"),
        ("evaluations.compare-this", "Compare {0}", "比较 {0}"),
        ("evaluations.compare-title", "Systems compared", "系统对比"),
        ("evaluations.back", "Back to the results", "返回结果列表"),
        ("evaluations.best", "best", "最佳"),
        ("evaluations.nothing-shared", "These systems share no benchmark and scenario.", "这些系统没有共同的基准测试与场景。"),
    ];
}
