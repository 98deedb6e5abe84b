using Alliance.Hosting;

namespace Alliance.Governance.OpenSource;

/// <summary>The pure decision of the Person stream: erasing a person's personal data on a verified request.</summary>
public static class PersonDecisions
{
    public sealed record PersonErasureRequest(string? Reason);

    public static readonly string[] PersonalFields = ["maintainerName", "individualClaName"];

    public static PersonPersonalDataErased Erase(string handle, PersonErasureRequest request, DateTimeOffset now)
    {
        var v = new Validation();
        v.Required("reason", request.Reason, 1000);
        if (string.IsNullOrWhiteSpace(handle) || handle.Length > 100) v.Add("handle", "A handle of 1 to 100 characters.");
        v.ThrowIfInvalid();
        return new PersonPersonalDataErased(PersonalData.PersonByHandle(handle), PersonalFields, request.Reason!.Trim(), now);
    }
}
