namespace Alliance.Cli.Mlperf;

/// <summary>
/// What MLPerf Inference defines, that a results table does not say: the accuracy target of each benchmark (a
/// fraction of the FP32 reference; some with an upper limit too), the metric of each scenario, the divisions, and the
/// rounds' publication dates. From mlcommons/inference tools/submission/submission_checker.py (the v4.1 config, commit
/// cf5fddc5, 2024-09-24) and mlcommons/inference_policies inference_rules.adoc. A benchmark of another round that is
/// not listed here is created without an accuracy target, and the summary says so.
/// </summary>
public static class MlperfRules
{
    public sealed record Target(string Metric, double? Minimum, double? Maximum);

    public static readonly IReadOnlyDictionary<string, Target[]> AccuracyTargets = new Dictionary<string, Target[]>
    {
        ["resnet"] = [new("acc", 76.46 * 0.99, null)],
        ["retinanet"] = [new("mAP", 37.55 * 0.99, null)],
        ["bert-99"] = [new("F1", 90.874 * 0.99, null)],
        ["bert-99.9"] = [new("F1", 90.874 * 0.999, null)],
        ["dlrm-v2-99"] = [new("AUC", 80.31 * 0.99, null)],
        ["dlrm-v2-99.9"] = [new("AUC", 80.31 * 0.999, null)],
        ["3d-unet-99"] = [new("DICE", 0.86170 * 0.99, null)],
        ["3d-unet-99.9"] = [new("DICE", 0.86170 * 0.999, null)],
        ["gptj-99"] = [new("ROUGE1", 42.9865 * 0.99, null), new("ROUGE2", 20.1235 * 0.99, null), new("ROUGEL", 29.9881 * 0.99, null), new("GEN_LEN", 4016878 * 0.9, null)],
        ["gptj-99.9"] = [new("ROUGE1", 42.9865 * 0.999, null), new("ROUGE2", 20.1235 * 0.999, null), new("ROUGEL", 29.9881 * 0.999, null), new("GEN_LEN", 4016878 * 0.9, null)],
        ["llama2-70b-99"] = [new("ROUGE1", 44.4312 * 0.99, null), new("ROUGE2", 22.0352 * 0.99, null), new("ROUGEL", 28.6162 * 0.99, null),
            new("TOKENS_PER_SAMPLE", 294.45 * 0.9, 294.45 * 1.1)],
        ["llama2-70b-99.9"] = [new("ROUGE1", 44.4312 * 0.999, null), new("ROUGE2", 22.0352 * 0.999, null), new("ROUGEL", 28.6162 * 0.999, null),
            new("TOKENS_PER_SAMPLE", 294.45 * 0.9, 294.45 * 1.1)],
        ["stable-diffusion-xl"] = [new("CLIP_SCORE", 31.68631873, 31.81331801), new("FID_SCORE", 23.01085758, 23.95007626)],
        ["mixtral-8x7b"] = [new("ROUGE1", 45.4911 * 0.99, null), new("ROUGE2", 23.2829 * 0.99, null), new("ROUGEL", 30.3615 * 0.99, null),
            new("TOKENS_PER_SAMPLE", 145.9 * 0.9, 145.9 * 1.1), new("gsm8k_accuracy", 73.78 * 0.99, null), new("mbxp_accuracy", 60.12 * 0.99, null)],
    };

    /// <summary>The scenarios' metrics (inference_rules.adoc §Scenarios); latencies are better when lower.</summary>
    public static readonly IReadOnlyDictionary<string, (string Metric, bool HigherIsBetter)> Scenarios = new Dictionary<string, (string, bool)>
    {
        ["Offline"] = ("measured throughput: one query holding at least 24,576 samples", true),
        ["Server"] = ("maximum Poisson throughput parameter supported within the latency bound", true),
        ["Interactive"] = ("maximum Poisson throughput under tighter TTFT/TPOT limits", true),
        ["SingleStream"] = ("90th-percentile early-stopping latency estimate, one query at a time", false),
        ["MultiStream"] = ("99th-percentile latency estimate, 8 samples per query", false),
    };

    public static readonly IReadOnlyDictionary<string, (string Description, bool ReferenceRulesApply)> Divisions = new Dictionary<string, (string, bool)>
    {
        ["closed"] = ("the reference model under equivalence rules: pre- and post-processing as the reference, quantisation calibration allowed, no retraining", true),
        ["network"] = ("closed, with the system under test reached over a network", true),
        ["open"] = ("any model and retraining, on the same task and validation set; accuracy is reported, not held to the target", false),
    };

    /// <summary>MLCommons' publication dates of the inference rounds (their press releases).</summary>
    public static readonly IReadOnlyDictionary<string, DateTimeOffset> Published = new Dictionary<string, DateTimeOffset>
    {
        ["v4.0"] = new(2024, 3, 27, 0, 0, 0, TimeSpan.Zero),
        ["v4.1"] = new(2024, 8, 28, 0, 0, 0, TimeSpan.Zero),
        ["v5.0"] = new(2025, 4, 2, 0, 0, 0, TimeSpan.Zero),
    };

    /// <summary>Preview systems must be available by the next round or 140 days later, whichever is longer (submission_rules.adoc).</summary>
    public const int PreviewDays = 140;
}
