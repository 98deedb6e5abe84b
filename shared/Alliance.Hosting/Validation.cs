using System.Net.Mail;

namespace Alliance.Hosting;

/// <summary>Collects every failing field of a request, then throws once, so a client sees all problems together.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public Validation Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public bool Required(string field, string? value, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value)) { Add(field, $"'{field}' is required."); return false; }
        if (value.Length > maxLength) { Add(field, $"'{field}' must be at most {maxLength} characters."); return false; }
        return true;
    }

    public void OneOf(string field, string? value, IReadOnlyCollection<string> allowed)
    {
        if (!Required(field, value)) return;
        if (!allowed.Contains(value!)) Add(field, $"'{field}' must be one of: {string.Join(", ", allowed)}.");
    }

    public void Email(string field, string? value)
    {
        if (!Required(field, value, 254)) return;
        var ok = MailAddress.TryCreate(value, out var address) && address.Address == value
                 && address.Host.Contains('.') && !address.Host.StartsWith('.') && !address.Host.EndsWith('.');
        if (!ok) Add(field, $"'{field}' is not a valid e-mail address.");
    }

    /// <summary>
    /// A link that pages render for others to follow: an absolute http: or https: URL with a host name, nothing
    /// else (javascript:, data:, vbscript:, a relative or protocol-relative path would run or mislead in a browser).
    /// Whitespace, control characters and user-info ("https://bank.example@evil.example") are refused too.
    /// </summary>
    public void HttpUrl(string field, string? value, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value)) { if (required) Add(field, $"'{field}' is required."); return; }
        if (!IsHttpUrl(value)) Add(field, $"'{field}' must be an absolute http(s) URL.");
    }

    public static bool IsHttpUrl(string? value) =>
        value is { Length: > 0 and <= 500 } && !value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Host.Contains('.') && uri.UserInfo.Length == 0;

    public void Country(string field, string? value)
    {
        if (!Required(field, value, 2)) return;
        if (!CountryCodes.IsAssigned(value!)) Add(field, $"'{field}' must be an ISO 3166-1 alpha-2 code such as CN, DE or US.");
    }

    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0) throw new ValidationFailed(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }
}
