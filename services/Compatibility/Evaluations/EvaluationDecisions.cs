using Alliance.Compatibility.Standards;
using Alliance.Hosting;

namespace Alliance.Compatibility.Evaluations;

public static class EvaluationDecisions
{
    public sealed record MeasuredResult(string? Benchmark, string? Scenario, double? Score, string? Unit, Dictionary<string, double>? Accuracy, string? AccuracyText,
        double? Power, string? PowerUnit, string? LogsUrl, string? CodeUrl);

    /// <summary>
    /// EffectiveAt, Source, ResultId, ReviewedBy, PublishedAt: the secretariat's historical mode, for results reviewed
    /// elsewhere (MLCommons) and cited by the source's id; the checks run as of EffectiveAt.
    /// </summary>
    public sealed record Submit(Guid? ProductId, string? Standard, string? Version, string? Division, string? Category, SystemDescription? System,
        MeasuredResult[]? Results, DateTimeOffset? AvailableBy = null,
        DateTimeOffset? EffectiveAt = null, string? Source = null, string? ResultId = null, string? ReviewedBy = null, DateTimeOffset? PublishedAt = null);

    /// <summary>Read before deciding: the suite (the standard), the product's owner and its standing as of the submission.</summary>
    public sealed record Context(Standard? Standard, Guid VendorId, string? VendorStatus);

    /// <summary>Malformed input is 400 with every field named; the automatic checks are recorded with their reasons.</summary>
    public static void Validate(Submit r, Actor actor, DateTimeOffset now)
    {
        var v = new Validation();
        if (r.ProductId is null) v.Add("productId", "'productId' is required.");
        v.Required("standard", r.Standard, 20);
        v.Required("version", r.Version, 20);
        v.Required("division", r.Division, 100);
        v.Required("category", r.Category, 100);
        if (r.System is null) v.Add("system", "'system' describes the system measured (nodes, accelerators, processors, software, …).");
        else
        {
            foreach (var (field, value) in Texts(r.System))
                if (value is { Length: > 500 }) v.Add($"system.{field}", $"'system.{field}' has at most 500 characters.");
            if (r.System.Nodes is < 1 or > 100_000) v.Add("system.nodes", "'system.nodes' is between 1 and 100000.");
            if (r.System.AcceleratorsPerNode is < 0 or > 10_000) v.Add("system.acceleratorsPerNode", "'system.acceleratorsPerNode' is between 0 and 10000.");
            if (r.System.ProcessorsPerNode is < 0 or > 10_000) v.Add("system.processorsPerNode", "'system.processorsPerNode' is between 0 and 10000.");
            if (r.System.ProcessorCores is < 0 or > 10_000_000) v.Add("system.processorCores", "'system.processorCores' is between 0 and 10000000.");
        }
        var results = r.Results ?? [];
        if (results.Length is 0 or > 500) v.Add("results", "Give 1–500 results (one per benchmark and scenario).");
        for (var i = 0; i < results.Length; i++)
        {
            var x = results[i];
            v.Required($"results[{i}].benchmark", x.Benchmark, 100);
            v.Required($"results[{i}].scenario", x.Scenario, 100);
            v.Required($"results[{i}].unit", x.Unit, 50);
            if (x.Score is not { } score || !double.IsFinite(score) || score < 0) v.Add($"results[{i}].score", "'score' is a finite number ≥ 0.");
            if (x.Accuracy is { } acc && (acc.Count > 50 || acc.Any(a => a.Key.Length is 0 or > 100 || !double.IsFinite(a.Value))))
                v.Add($"results[{i}].accuracy", "'accuracy' maps up to 50 metric names to finite numbers.");
            if (x.AccuracyText is { Length: > 2000 }) v.Add($"results[{i}].accuracyText", "At most 2000 characters.");
            if (x.Power is { } power && (!double.IsFinite(power) || power <= 0)) v.Add($"results[{i}].power", "'power' is a finite number > 0, measured in the same run.");
            if (x.Power is not null && string.IsNullOrWhiteSpace(x.PowerUnit)) v.Add($"results[{i}].powerUnit", "Give the unit of 'power' (Watts).");
            if (x.PowerUnit is { Length: > 50 }) v.Add($"results[{i}].powerUnit", "At most 50 characters.");
            v.HttpUrl($"results[{i}].logsUrl", x.LogsUrl);
            v.HttpUrl($"results[{i}].codeUrl", x.CodeUrl);
        }
        if (results.Select(x => $"{x.Benchmark}/{x.Scenario}").Distinct().Count() != results.Length) v.Add("results", "One result per benchmark and scenario.");
        if (r.EffectiveAt > now) v.Add("effectiveAt", "'effectiveAt' cannot be in the future.");
        if (r.PublishedAt > now) v.Add("publishedAt", "'publishedAt' cannot be in the future.");
        if (r.PublishedAt < r.EffectiveAt) v.Add("publishedAt", "'publishedAt' is not before 'effectiveAt'.");
        if (r.PublishedAt is not null) v.Required("reviewedBy", r.ReviewedBy, 200);
        if (r.Source is { Length: > 500 }) v.Add("source", "'source' has at most 500 characters.");
        v.ThrowIfInvalid();
        if ((r.EffectiveAt ?? r.PublishedAt) is not null || r.Source is not null || r.ResultId is not null || r.ReviewedBy is not null)
            if (!actor.IsSecretariat) throw new Forbidden("Only the secretariat records historical results.");
    }

    private static IEnumerable<(string, string?)> Texts(SystemDescription s) =>
        [("name", s.Name), ("systemType", s.SystemType), ("acceleratorModel", s.AcceleratorModel), ("processor", s.Processor), ("memory", s.Memory),
         ("interconnect", s.Interconnect), ("software", s.Software), ("operatingSystem", s.OperatingSystem)];

    private static bool Given(SystemDescription s, string field) => field switch
    {
        "nodes" => s.Nodes is not null,
        "acceleratorsPerNode" => s.AcceleratorsPerNode is not null,
        // A CPU-only system (no accelerators) has no accelerator model to state.
        "acceleratorModel" => s.AcceleratorsPerNode == 0 || !string.IsNullOrWhiteSpace(s.AcceleratorModel),
        "processorsPerNode" => s.ProcessorsPerNode is not null,
        "processorCores" => s.ProcessorCores is not null,
        _ => !string.IsNullOrWhiteSpace(Texts(s).First(t => t.Item1 == field).Item2),
    };

    /// <summary>
    /// The submission with every automatic check: the version ratified by then, the division and category of the
    /// version, the system description complete, the vendor in good standing; per result the benchmark and its
    /// scenario in the version, the unit, and (where the division applies it) the accuracy target.
    /// </summary>
    public static EvaluationSubmitted Decide(Guid id, string resultId, Submit r, Context c, Actor actor, DateTimeOffset now)
    {
        if (!actor.IsSecretariat) actor.MustActFor(c.VendorId);
        var standard = c.Standard ?? throw new NotFound($"Standard {r.Standard}");
        if (standard.Kind != Standard.Evaluation) throw new DomainRuleViolated("not-an-evaluation-suite", $"{standard.Code} is a conformance standard: certify against it instead.");
        var version = standard.Version(r.Version!) ?? throw new NotFound($"{standard.Code} {r.Version}");
        var suite = version.Evaluation!;
        var asOf = r.EffectiveAt ?? now;
        var failed = new List<string>();
        if (version.Status is not ("ratified" or "withdrawn") || version.RatifiedAt > asOf)
            failed.Add($"version-not-ratified: {standard.Code} {version.Version} is not ratified as of {asOf:yyyy-MM-dd}.");
        else if (version.Status == "withdrawn") failed.Add($"version-withdrawn: {standard.Code} {version.Version} was withdrawn.");
        var division = suite.DivisionOf(r.Division!);
        if (division is null) failed.Add($"division-unknown: {r.Division} is not a division of {standard.Code} {version.Version} ({string.Join(", ", suite.Divisions!.Select(d => d.Id))}).");
        var category = suite.CategoryOf(r.Category!);
        if (category is null) failed.Add($"category-unknown: {r.Category} is not a category of {standard.Code} {version.Version}.");
        var missing = suite.RequiredSystemFields!.Where(f => !Given(r.System!, f)).ToList();
        if (missing.Count > 0) failed.Add($"system-description-incomplete: missing {string.Join(", ", missing)}.");
        if (c.VendorStatus != "admitted") failed.Add($"vendor-not-in-good-standing: the vendor is {c.VendorStatus ?? "unknown"} as of {asOf:yyyy-MM-dd}.");

        // A preview system must be available by the category's deadline; a historical result states its own, or none is tracked.
        DateTimeOffset? availableBy = null;
        if (category?.Id == "preview")
        {
            var deadline = asOf.AddDays(category.AvailableWithinDays ?? 0);
            if (r.AvailableBy > deadline && r.EffectiveAt is null)
                throw new ValidationFailed(new Dictionary<string, string[]> { ["availableBy"] = [$"'availableBy' is at most {category.AvailableWithinDays} days after the submission ({deadline:yyyy-MM-dd})."] });
            availableBy = r.AvailableBy ?? (r.EffectiveAt is null ? deadline : null);
        }

        var results = r.Results!.Select(x => Check(suite, division, x)).ToArray();
        var reviewUntil = r.PublishedAt ?? asOf.AddDays(suite.ReviewWindow);
        return new EvaluationSubmitted(id, resultId, suite.Round!, standard.Code, version.Version, r.ProductId!.Value, c.VendorId, r.Division!, r.Category!, availableBy,
            r.System!, results, failed.ToArray(), reviewUntil, actor.Describe(), asOf, r.Source?.Trim());
    }

    private static EvaluationResult Check(EvaluationSuite suite, Division? division, MeasuredResult x)
    {
        var failed = new List<string>();
        var benchmark = suite.BenchmarkOf(x.Benchmark!);
        var scenario = suite.ScenarioOf(x.Scenario!);
        var run = benchmark?.Scenarios.FirstOrDefault(s => s.Scenario == x.Scenario);
        if (benchmark is null) failed.Add($"benchmark-unknown: {x.Benchmark} is not a benchmark of this version.");
        else if (run is null || scenario is null) failed.Add($"scenario-unknown: {x.Benchmark} is not run in the {x.Scenario} scenario in this version.");
        var sameUnit = run is not null && string.Equals(run.Unit, x.Unit!.Trim(), StringComparison.OrdinalIgnoreCase);
        if (run is not null && scenario is not null && !sameUnit && division?.ReferenceRulesApply != false)
            failed.Add($"unit-mismatch: {x.Benchmark} {x.Scenario} is reported in {run.Unit}, not {x.Unit}.");
        var accuracy = x.Accuracy ?? [];
        if (benchmark is not null && division?.ReferenceRulesApply == true)
            foreach (var target in benchmark.AccuracyTargets ?? [])
                if (!accuracy.TryGetValue(target.Metric, out var measured)) failed.Add($"accuracy-missing: {target.Metric} is not reported.");
                else if (measured < target.Minimum) failed.Add($"accuracy-below-target: {target.Metric} {measured} is below {target.Minimum}.");
                else if (measured > target.Maximum) failed.Add($"accuracy-above-limit: {target.Metric} {measured} is above {target.Maximum}.");
        return new EvaluationResult(x.Benchmark!.Trim(), x.Scenario!.Trim(), x.Score!.Value, sameUnit ? run!.Unit : x.Unit!.Trim(), scenario?.HigherIsBetter ?? true, accuracy,
            x.AccuracyText?.Trim(), x.Power, x.PowerUnit?.Trim(), x.LogsUrl, x.CodeUrl, failed.ToArray());
    }

    /// <summary>A historical result reviewed elsewhere: closed and published at once, as reviewed by its reviewer at its date.</summary>
    public static object[] PublishedHistorically(Evaluation e, string reviewedBy, DateTimeOffset at) => Close(e, reviewedBy, at);

    public sealed record ObjectionBody(string? Reason, string[]? Results);

    /// <summary>Another member's representative objects during the review window, with a reason, to named results or to all.</summary>
    public static EvaluationObjectionFiled Object(Evaluation e, Actor actor, ObjectionBody body, DateTimeOffset now)
    {
        var v = new Validation();
        v.Required("reason", body.Reason, 4000);
        var keys = e.Results.Select(r => r.Key).ToHashSet();
        if ((body.Results ?? []).Except(keys).ToList() is { Count: > 0 } unknown)
            v.Add("results", $"Not results of {e.ResultId}: {string.Join(", ", unknown)} (name them benchmark/scenario).");
        v.ThrowIfInvalid();
        if (actor.MemberId is not { } objector) throw new Forbidden("Objections are filed by a member's representative.");
        if (objector == e.VendorId) throw new DomainRuleViolated("own-submission", "A member does not object to its own submission.");
        if (e.Status != "under-review") throw new DomainRuleViolated("not-under-review", $"{e.ResultId} is {e.Status}.");
        if (now >= e.ReviewUntil) throw new DomainRuleViolated("review-window-closed", $"The review window of {e.ResultId} closed on {e.ReviewUntil:yyyy-MM-dd HH:mm} UTC.");
        return new EvaluationObjectionFiled(e.Id, e.Objections.Length + 1, objector, body.Reason!.Trim(), (body.Results ?? []).Distinct().ToArray(), actor.Describe(), now);
    }

    public sealed record Appointment(Guid? ReviewerMemberId);

    /// <summary>The secretariat appoints a reviewer for an objection: never of the submitting or the objecting member.</summary>
    public static EvaluationReviewerAppointed Appoint(Evaluation e, int number, Appointment body, string? reviewerStatus, Actor actor, DateTimeOffset now)
    {
        if (body.ReviewerMemberId is not { } reviewer) throw new ValidationFailed(new Dictionary<string, string[]> { ["reviewerMemberId"] = ["'reviewerMemberId' names the reviewer's member."] });
        var objection = e.ObjectionOf(number) ?? throw new NotFound($"Objection {number} of {e.ResultId}");
        if (reviewer == e.VendorId || reviewer == objection.ObjectorId)
            throw new DomainRuleViolated("conflict-of-interest", "The reviewer belongs to neither the submitting nor the objecting member.");
        if (reviewerStatus != "admitted") throw new DomainRuleViolated("reviewer-not-in-good-standing", "The reviewer's member is not an admitted member in good standing.");
        if (objection.Upheld is not null) throw new DomainRuleViolated("objection-resolved", $"Objection {number} is already resolved.");
        return new EvaluationReviewerAppointed(e.Id, number, reviewer, actor.Describe(), now);
    }

    public sealed record Resolution(bool? Upheld, string? Reason);

    /// <summary>The appointed reviewer upholds or dismisses the objection, with a reason.</summary>
    public static EvaluationObjectionResolved Resolve(Evaluation e, int number, Resolution body, Actor actor, DateTimeOffset now)
    {
        var v = new Validation();
        if (body.Upheld is null) v.Add("upheld", "'upheld' is true (the objection stands: its results are not published) or false (dismissed).");
        v.Required("reason", body.Reason, 4000);
        v.ThrowIfInvalid();
        var objection = e.ObjectionOf(number) ?? throw new NotFound($"Objection {number} of {e.ResultId}");
        if (objection.Reviewer is null || actor.MemberId != objection.Reviewer) throw new Forbidden("Only the reviewer the secretariat appointed for this objection resolves it.");
        if (objection.Upheld is not null) throw new DomainRuleViolated("objection-resolved", $"Objection {number} is already resolved.");
        return new EvaluationObjectionResolved(e.Id, number, body.Upheld!.Value, body.Reason!.Trim(), actor.Describe(), now);
    }

    /// <summary>The submitter (or the secretariat) shows, before the deadline, that a preview system is now available.</summary>
    public static EvaluationSystemAvailable DeclareAvailable(Evaluation e, Actor actor, string? evidenceUrl, DateTimeOffset now)
    {
        var v = new Validation();
        v.HttpUrl("evidenceUrl", evidenceUrl, required: true);
        v.ThrowIfInvalid();
        if (!actor.IsSecretariat) actor.MustActFor(e.VendorId);
        if (e.Category != "preview") throw new DomainRuleViolated("not-preview", $"{e.ResultId} is not a preview submission.");
        if (e.AvailableAt is not null) throw new DomainRuleViolated("already-available", "The system was already declared available.");
        if (e.Status == "withdrawn" || e.AvailableBy <= now) throw new DomainRuleViolated("availability-deadline-passed", $"The deadline {e.AvailableBy:yyyy-MM-dd} has passed.");
        return new EvaluationSystemAvailable(e.Id, evidenceUrl!, actor.Describe(), now);
    }

    /// <summary>The secretariat withdraws a submission's results (after a post-publication objection, say), with a reason.</summary>
    public static object[] Withdraw(Evaluation e, string? reason, DateTimeOffset now)
    {
        var v = new Validation();
        v.Required("reason", reason, 2000);
        v.ThrowIfInvalid();
        if (e.Status is not ("under-review" or "published")) throw new DomainRuleViolated("nothing-to-withdraw", $"{e.ResultId} is {e.Status}.");
        return WithdrawAll(e, "withdrawn-by-secretariat", reason!.Trim(), now);
    }

    private static object[] WithdrawAll(Evaluation e, string rule, string reason, DateTimeOffset at) =>
        e.Results.Where(r => r.ChecksFailed.Length == 0 && !e.Withdrawn.Contains(r.Key) && (e.Status == "under-review" || e.Published.Contains(r.Key)))
            .Select(r => (object)new EvaluationResultWithdrawn(e.Id, e.ResultId, r.Benchmark, r.Scenario, e.ProductId, rule, reason, at)).ToArray();

    private static object[] Close(Evaluation e, string reviewedBy, DateTimeOffset at)
    {
        var struck = e.Struck.ToHashSet();
        var published = e.Results.Where(r => r.ChecksFailed.Length == 0 && !struck.Contains(r.Key)).ToList();
        var rejected = e.Results.Where(r => !published.Contains(r)).Select(r => r.Key).ToArray();
        return [new EvaluationReviewClosed(e.Id, published.Select(r => r.Key).ToArray(), rejected, reviewedBy, at),
            .. published.Select(r => (object)new EvaluationResultPublished(e.Id, e.ResultId, r.Benchmark, r.Scenario, e.ProductId, r.Score, r.Unit, r.HigherIsBetter, reviewedBy, at))];
    }

    /// <summary>
    /// What the deadline worker records: publication once the window has closed with every objection resolved (the
    /// window's end is the publication time, or now if objections were resolved later), and the withdrawal of a
    /// preview system's results when its deadline passed without it becoming available.
    /// </summary>
    public static object[] Due(Evaluation e, DateTimeOffset now)
    {
        if (e is { Category: "preview", AvailableAt: null, AvailableBy: { } by, Status: "under-review" or "published" } && by <= now)
            return WithdrawAll(e, "preview-not-available", $"The preview system was not available by {by:yyyy-MM-dd}.", by);
        if (e.Status == "under-review" && e.ReviewUntil <= now && e.Objections.All(o => o.Upheld is not null))
            return Close(e, "alliance peer review", now);
        return [];
    }
}
