namespace Alliance.Registry.Projects;

// What the project commands answer, as named types so that a client generated from the OpenAPI document has them.

/// <summary>The project's status after a command.</summary>
public sealed record ProjectStanding(Guid ProjectId, string Status);

/// <summary>The event a project command recorded: its type name and its data as stored.</summary>
public sealed record ProjectChange(Guid ProjectId, string Event, object Data);
