using System.Security.Cryptography;
using System.Text;
using System.Xml;

namespace Alliance.Compatibility.Feeds;

/// <summary>One Atom entry: a stable id (urn:uuid), when it was recorded (updated) and when it happened (published, business time).</summary>
public sealed record AtomEntry(Guid Id, string Title, DateTimeOffset Updated, DateTimeOffset? Published, string Link, string? Summary);

/// <summary>
/// Writes an Atom 1.0 feed as the decisions feed does (Governance's DecisionLog): ids are urn:uuid, so they stay the same
/// whatever address the platform is served from; links are absolute, built from PublicUrl.
/// </summary>
public static class AtomFeed
{
    public const string ContentType = "application/atom+xml; charset=utf-8";
    private const string Ns = "http://www.w3.org/2005/Atom";

    /// <summary>A name-based id, the same on every request: for a feed, or an entry that is not one event of its own.</summary>
    public static Guid Derived(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("alliance-compatibility-feeds/" + name));
        hash[6] = (byte)((hash[6] & 0x0f) | 0x50); // version 5-like, variant RFC 4122
        hash[8] = (byte)((hash[8] & 0x3f) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    public static byte[] Write(Guid feedId, string title, string self, string alternate, DateTimeOffset updated, IReadOnlyList<AtomEntry> entries)
    {
        using var text = new MemoryStream();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) }))
        {
            xml.WriteStartElement("feed", Ns);
            xml.WriteElementString("id", Ns, $"urn:uuid:{feedId}");
            xml.WriteElementString("title", Ns, Clean(title));
            xml.WriteElementString("updated", Ns, Time(updated));
            Author(xml);
            Link(xml, "self", self);
            Link(xml, "alternate", alternate);
            foreach (var e in entries)
            {
                xml.WriteStartElement("entry", Ns);
                xml.WriteElementString("id", Ns, $"urn:uuid:{e.Id}");
                xml.WriteElementString("title", Ns, Clean(e.Title));
                xml.WriteElementString("updated", Ns, Time(e.Updated));
                if (e.Published is { } published) xml.WriteElementString("published", Ns, Time(published));
                Author(xml);
                Link(xml, "alternate", e.Link);
                if (e.Summary is { Length: > 0 } summary) xml.WriteElementString("summary", Ns, Clean(summary));
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        return text.ToArray();
    }

    /// <summary>Member-supplied text may hold characters XML cannot carry (control characters): they are left out, not a broken feed.</summary>
    private static string Clean(string value)
    {
        var kept = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (XmlConvert.IsXmlChar(value[i])) kept.Append(value[i]);
            else if (i + 1 < value.Length && XmlConvert.IsXmlSurrogatePair(value[i + 1], value[i])) kept.Append(value, i++, 2);
        }
        return kept.ToString();
    }

    private static string Time(DateTimeOffset at) => XmlConvert.ToString(at.UtcDateTime, XmlDateTimeSerializationMode.Utc);

    private static void Author(XmlWriter xml)
    {
        xml.WriteStartElement("author", Ns);
        xml.WriteElementString("name", Ns, "Alliance Compatibility");
        xml.WriteEndElement();
    }

    private static void Link(XmlWriter xml, string rel, string href)
    {
        xml.WriteStartElement("link", Ns);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }
}
