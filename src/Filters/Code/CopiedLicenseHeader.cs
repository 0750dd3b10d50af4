namespace YuLanData.Filters.Code;

/// <summary>
/// Finds the licence header of another project copied into a file: a licence grant and a copyright line in the
/// header whose holder is not the repository's owner or name. Projects rarely put a full licence grant in their own
/// files; a file carrying someone else's grant was copied in (pip's <c>_jaraco_text.py</c>: "License reproduced from
/// original source below: Copyright Jason R. Coombs / Permission is hereby granted…"). A header that also lists the
/// project among its copyright holders is the project's own (redis's <c>intset.c</c>: "Copyright (c) 2009-2012, Pieter
/// Noordhuis" and "Copyright (c) 2009-current, Redis Ltd."): contributors' code the project has taken over.
/// </summary>
public static class CopiedLicenseHeader
{
    private static readonly string[] Grants =
    [
        "permission is hereby granted", "redistribution and use in source and binary forms",
        "licensed under the apache license", "gnu general public license", "gnu lesser general public license",
        "mozilla public license", "this program is free software", "spdx-license-identifier",
    ];

    /// <summary>The copyright line of a copied licence header in the first <paramref name="headerLines"/> lines of
    /// <paramref name="text"/> (the first line mentioning copyright), or null when there is none or it or any other
    /// holder line there ("Copyright …", "(c) …", "© …") names <paramref name="repo"/>'s owner or name.</summary>
    /// <param name="text">The file content.</param>
    /// <param name="repo">The repository as "owner/name"; null: unknown, nothing is reported (no way to tell own from copied).</param>
    /// <param name="headerLines">How many leading lines to read.</param>
    public static string? Find(string text, string? repo, int headerLines)
    {
        if (repo is null) return null;
        bool grant = false;
        string? copyright = null;
        var holders = new List<string>();
        int start = 0;
        for (int n = 0; n < headerLines && start <= text.Length; n++)
        {
            int nl = text.IndexOf('\n', start);
            int end = nl < 0 ? text.Length : nl;
            var line = text.AsSpan(start, end - start).Trim();
            if (!grant)
                foreach (string g in Grants)
                    if (line.Contains(g, StringComparison.OrdinalIgnoreCase)) { grant = true; break; }
            if (copyright is null && (line.Contains("copyright", StringComparison.OrdinalIgnoreCase) || line.Contains('©'))
                && !line.Contains("copyright notice", StringComparison.OrdinalIgnoreCase)
                && !line.Contains("copyright holder", StringComparison.OrdinalIgnoreCase))
                copyright = line.ToString();
            if (IsHolderLine(line)) holders.Add(line.ToString());
            if (nl < 0) break;
            start = nl + 1;
        }
        if (!grant || copyright is null) return null;
        if (!holders.Contains(copyright)) holders.Add(copyright);
        foreach (string holderLine in holders)
        {
            string holder = Squash(holderLine);
            foreach (string part in repo.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                string p = Squash(part);
                if (p.Length >= 3 && holder.Contains(p, StringComparison.Ordinal)) return null;
            }
        }
        return copyright;
    }

    // A line naming a copyright holder: "Copyright (c) 2009, Name", "(C) Name", "© Name" after comment markers; not licence
    // prose that mentions copyright ("Redistributions in binary form must reproduce the above copyright").
    private static bool IsHolderLine(ReadOnlySpan<char> line)
    {
        var t = line.TrimStart(" \t*#/;-!'\"%");
        return t.StartsWith("copyright", StringComparison.OrdinalIgnoreCase) || t.StartsWith("(c)", StringComparison.OrdinalIgnoreCase) || t.StartsWith("©");
    }

    // lowercase letters and digits only, so "pallets-eco", "Pallets Eco" and "pallets_eco" compare equal
    private static string Squash(string s) => string.Concat(s.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant));
}
