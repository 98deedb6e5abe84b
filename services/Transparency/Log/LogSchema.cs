namespace Alliance.Transparency.Service.Log;

/// <summary>
/// The log's tables. Leaves and perfect-subtree hashes are only ever inserted (the service's role could be denied
/// update and delete on them); log_head is the one row appenders lock, holding the size and root they agree on.
/// Storing every perfect subtree (about 2n rows for n leaves) makes any proof O(log n) primary-key reads.
/// </summary>
public static class LogSchema
{
    public const string Sql = """
        create table if not exists log_leaves (
            leaf_index bigint primary key,
            event_id uuid not null unique,
            leaf bytea not null,
            received_at timestamptz not null default now());
        create table if not exists log_nodes (
            level smallint not null,
            node_index bigint not null,
            hash bytea not null,
            primary key (level, node_index));
        create table if not exists log_head (
            id int primary key check (id = 1),
            tree_size bigint not null,
            root bytea not null);
        insert into log_head values (1, 0, decode('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'hex')) on conflict do nothing;
        create table if not exists log_checkpoints (
            tree_size bigint primary key,
            root bytea not null,
            note text not null,
            signed_at timestamptz not null default now());
        create table if not exists log_keys (
            key_id text primary key,
            key_name text not null,
            public_key bytea not null,
            private_key_protected text not null,
            created_at timestamptz not null default now(),
            retired_at timestamptz);
        create unique index if not exists log_keys_one_active on log_keys ((true)) where retired_at is null;
        create table if not exists log_witnesses (
            name text primary key,
            key_id text not null,
            public_key bytea not null unique,
            member_id uuid not null,
            registered_by text not null,
            registered_at timestamptz not null default now());
        create table if not exists log_cosignatures (
            witness text not null references log_witnesses (name),
            tree_size bigint not null references log_checkpoints (tree_size),
            signed_at bigint not null,
            signature bytea not null,
            received_at timestamptz not null default now(),
            primary key (tree_size, witness));
        create table if not exists log_alarms (
            id bigserial primary key,
            witness text not null references log_witnesses (name),
            signed_at bigint not null,
            reason text not null,
            checkpoint text not null,
            cosigned text,
            log_signed boolean not null,
            signature bytea not null,
            reported_at timestamptz not null default now());
        """;
}
