using System.CommandLine;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Transparency;

namespace Alliance.Cli.Commands;

/// <summary>
/// `alliance log witness`: a member's witness in one command. Each round it fetches the log's latest checkpoint, checks the
/// log's signature (the log's key pinned in the state file at the first round, or --log-key), fetches a consistency proof
/// from the last checkpoint it cosigned (kept in the state file) and checks it with the shared Merkle code, then posts its
/// C2SP tlog-cosignature. A checkpoint that does not extend the one it cosigned is refused: it posts a signed alarm
/// (GET /log/alarms shows it) and exits 1, and never cosigns that log again until its state is reset by hand.
/// Exit codes: 0 cosigned or nothing new; 1 refused (alarm); 2 could not do its round (network, log errors). The first run,
/// without a key file, makes the key (FILE, FILE.pub) and prints the verifier key to register, and does no round.
/// </summary>
public sealed class LogWitness
{
    public const int Refused = 1;
    public const int Failed = 2;

    public sealed record State(string LogKey, string? Checkpoint, ulong? CosignedAt);

    public Command Build()
    {
        var url = new Option<string>("--url") { Description = "the log's API address (the gateway's /api, e.g. http://127.0.0.1:8080/api)", Required = true };
        var key = new Option<string>("--key")
        {
            Description = "the witness's private key file (PRIVATE+KEY+name+id+base64, golang.org/x/mod/sumdb/note format); made, with FILE.pub, when absent",
            Required = true,
        };
        var name = new Option<string>("--name") { Description = "the witness's name (a schema-less URL, e.g. witness.member.example/w1)", Required = true };
        var state = new Option<string>("--state") { Description = "the state file: the log's key and the last checkpoint cosigned (default: KEY.state.json)" };
        var logKey = new Option<string>("--log-key") { Description = "the log's verifier key (or a file holding it); default: pinned from GET /log/key at the first round" };
        var once = new Option<bool>("--once") { Description = "one round, then exit (0 cosigned or nothing new, 1 refused, 2 failed)" };
        var interval = new Option<double>("--interval") { Description = "seconds between rounds (default 10)", DefaultValueFactory = _ => 10 };
        var command = new Command("witness", "cosign the log's checkpoints after checking each extends the last one cosigned; report any that does not")
        { Options = { url, key, name, state, logKey, once, interval } };
        command.SetAction(async (parse, ct) =>
        {
            var keyFile = parse.GetValue(key)!;
            var witnessName = parse.GetValue(name)!;
            NoteSigner signer;
            try
            {
                if (!File.Exists(keyFile))
                {
                    using var made = Create(keyFile, witnessName);
                    Console.WriteLine($"witness: made the key {keyFile}; register its verifier key ({keyFile}.pub) with POST /api/log/witnesses, then run again:");
                    Console.WriteLine(made.Verifier.VerifierString);
                    return 0;
                }
                signer = Cosignature.ReadPrivateKey(File.ReadAllText(keyFile));
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"witness: {keyFile}: {e.Message}");
                return Failed;
            }
            using (signer)
            {
                if (signer.Name != witnessName)
                {
                    Console.Error.WriteLine($"witness: the key {keyFile} is {signer.Name}'s, not {witnessName}'s");
                    return Failed;
                }
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
                var witness = new Runner(http, parse.GetValue(url)!.TrimEnd('/'), signer, parse.GetValue(state) ?? keyFile + ".state.json", parse.GetValue(logKey));
                if (parse.GetValue(once)) return await witness.Round(ct);
                using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(0.2, parse.GetValue(interval))));
                do
                {
                    if (await witness.Round(ct) == Refused) return Refused;
                }
                while (await timer.WaitForNextTickAsync(ct));
                return 0;
            }
        });
        return command;
    }

    private static NoteSigner Create(string file, string name)
    {
        Cosignature.CheckName(name);
        var signer = NoteSigner.Generate(name, NoteVerifier.CosignatureV1);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(file, options)) writer.WriteLine(Cosignature.PrivateKeyText(signer));
        File.WriteAllText(file + ".pub", signer.Verifier.VerifierString + "\n");
        return signer;
    }

    /// <summary>One witness's rounds against one log.</summary>
    public sealed class Runner(HttpClient http, string url, NoteSigner signer, string stateFile, string? logKey)
    {
        public async Task<int> Round(CancellationToken ct)
        {
            try { return await RoundUnguarded(ct); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or FormatException or IOException && !ct.IsCancellationRequested)
            {
                Console.Error.WriteLine($"witness: round failed: {e.Message}");
                return Failed;
            }
        }

        private async Task<int> RoundUnguarded(CancellationToken ct)
        {
            var state = File.Exists(stateFile) ? JsonSerializer.Deserialize<State>(await File.ReadAllTextAsync(stateFile, ct), ProofJson.Options)! : null;
            var pinned = state?.LogKey ?? await LogKey(ct);
            var log = NoteVerifier.Parse(pinned);
            using var response = await http.GetAsync($"{url}/log/checkpoint", ct);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                Console.WriteLine("witness: the log has no signed checkpoint yet");
                return 0;
            }
            response.EnsureSuccessStatusCode();
            var note = await response.Content.ReadAsStringAsync(ct);
            var (next, error) = Checkpoint.OpenSigned(note, log);
            if (next is null)
            {
                // Not the log's signature: it proves nothing against the log (it could come from anyone), so no alarm.
                Console.Error.WriteLine($"witness: refused a checkpoint not signed by {log.Name}: {error}");
                return Refused;
            }
            var text = SignedNote.Parse(note).Text;
            var last = state?.Checkpoint is { } cosigned ? Checkpoint.Parse(cosigned) : null;
            IReadOnlyList<byte[]>? proof = null;
            if (last is not null && next.Size > last.Size)
            {
                using var proofResponse = await http.GetAsync($"{url}/log/proofs/consistency?first={last.Size}&second={next.Size}", ct);
                if (!proofResponse.IsSuccessStatusCode)
                {
                    Console.Error.WriteLine($"witness: no consistency proof from {last.Size} to {next.Size}: {(int)proofResponse.StatusCode} {await proofResponse.Content.ReadAsStringAsync(ct)}");
                    return Failed;
                }
                // Only the proof's hashes are taken: the roots are the witness's own (cosigned) and the signed checkpoint's.
                proof = (await proofResponse.Content.ReadFromJsonAsync<ConsistencyProofDocument>(ProofJson.Options, ct))!.Proof ?? [];
            }
            if (WitnessCheck.Extends(last, next, proof) is { } why)
            {
                await Alarm(note, text, state!.Checkpoint, why, ct);
                return Refused;
            }
            if (last is not null && next.Size == last.Size)
            {
                Console.WriteLine($"witness: checkpoint {next.Size} already cosigned");
                return 0;
            }
            var timestamp = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var line = Cosignature.Line(Cosignature.Sign(signer, text, timestamp));
            using var posted = await http.PostAsJsonAsync($"{url}/log/cosignatures", new { checkpoint = note, cosignature = line }, ProofJson.Options, ct);
            if (!posted.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"witness: the log refused the cosignature of {next.Size}: {(int)posted.StatusCode} {await posted.Content.ReadAsStringAsync(ct)}");
                return Failed;
            }
            await Save(new State(pinned, text, timestamp), ct);
            Console.WriteLine($"witness: cosigned checkpoint {next.Size} {Convert.ToBase64String(next.Root)}");
            return 0;
        }

        private async Task<string> LogKey(CancellationToken ct)
        {
            if (logKey is not null) return File.Exists(logKey) ? (await File.ReadAllTextAsync(logKey, ct)).Trim() : logKey;
            using var response = await http.GetAsync($"{url}/log/key", ct);
            response.EnsureSuccessStatusCode();
            var key = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("verifierKey").GetString()!;
            Console.WriteLine($"witness: pinned the log's key {key} (check it against the README)");
            return key;
        }

        private async Task Alarm(string note, string text, string? cosigned, string why, CancellationToken ct)
        {
            Console.Error.WriteLine($"witness: ALARM: {why}");
            var timestamp = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var reason = why.ReplaceLineEndings(" ");
            var signature = Cosignature.Line(Cosignature.Sign(signer, Cosignature.AlarmText(reason, text), timestamp, Cosignature.AlarmHeader));
            using var posted = await http.PostAsJsonAsync($"{url}/log/alarms", new { checkpoint = note, cosigned, reason, signature }, ProofJson.Options, ct);
            Console.Error.WriteLine(posted.IsSuccessStatusCode ? "witness: alarm reported (GET /log/alarms)"
                : $"witness: the log did not take the alarm: {(int)posted.StatusCode} {await posted.Content.ReadAsStringAsync(ct)}");
        }

        private async Task Save(State state, CancellationToken ct)
        {
            var temporary = stateFile + ".tmp";
            await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(state, ProofJson.Options), ct);
            File.Move(temporary, stateFile, overwrite: true);
        }
    }
}
