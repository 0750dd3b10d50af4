using System.Text.Json.Nodes;
using YuLanData.Filters.Code;

namespace YuLanData.Filters.Tests.Code;

/// <summary>The copied-licence rule on real redis headers (redis/redis at 4f8cdc2a, BSD-3-Clause; first lines of
/// <c>src/intset.c</c> and <c>src/lzf.h</c>): a contributor's file that also names Redis Ltd. among its copyright holders
/// is redis's own; liblzf's header, naming only its author, is a copy.</summary>
public class CopiedLicenseCoHolderTests
{
    private const string IntsetHeader =
        "/*\n" +
        " * Copyright (c) 2009-2012, Pieter Noordhuis <pcnoordhuis at gmail dot com>\n" +
        " * Copyright (c) 2009-current, Redis Ltd.\n" +
        " * All rights reserved.\n" +
        " *\n" +
        " * Redistribution and use in source and binary forms, with or without\n" +
        " * modification, are permitted provided that the following conditions are met:\n" +
        " *\n" +
        " *   * Redistributions of source code must retain the above copyright notice,\n" +
        " *     this list of conditions and the following disclaimer.\n" +
        " *   * Redistributions in binary form must reproduce the above copyright\n" +
        " *     notice, this list of conditions and the following disclaimer in the\n" +
        " *     documentation and/or other materials provided with the distribution.\n" +
        " *   * Neither the name of Redis nor the names of its contributors may be used\n" +
        " *     to endorse or promote products derived from this software without\n" +
        " *     specific prior written permission.\n" +
        " *\n" +
        " * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS \"AS IS\"\n" +
        " * AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE\n" +
        " * IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE\n" +
        " * ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT OWNER OR CONTRIBUTORS BE\n" +
        " * LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR\n" +
        " * CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF\n" +
        " * SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS\n" +
        " * INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN\n" +
        " * CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE)\n" +
        " * ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE\n" +
        " * POSSIBILITY OF SUCH DAMAGE.\n" +
        " */\n" +
        "\n" +
        "#include <stdio.h>\n" +
        "#include <stdlib.h>\n" +
        "";

    private const string LzfHeader =
        "/*\n" +
        " * Copyright (c) 2000-2008 Marc Alexander Lehmann <schmorp@schmorp.de>\n" +
        " *\n" +
        " * Redistribution and use in source and binary forms, with or without modifica-\n" +
        " * tion, are permitted provided that the following conditions are met:\n" +
        " *\n" +
        " *   1.  Redistributions of source code must retain the above copyright notice,\n" +
        " *       this list of conditions and the following disclaimer.\n" +
        " *\n" +
        " *   2.  Redistributions in binary form must reproduce the above copyright\n" +
        " *       notice, this list of conditions and the following disclaimer in the\n" +
        " *       documentation and/or other materials provided with the distribution.\n" +
        " *\n" +
        " * THIS SOFTWARE IS PROVIDED BY THE AUTHOR ``AS IS'' AND ANY EXPRESS OR IMPLIED\n" +
        " * WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MER-\n" +
        " * CHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED.  IN NO\n" +
        " * EVENT SHALL THE AUTHOR BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPE-\n" +
        " * CIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO,\n" +
        " * PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS;\n" +
        " * OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY,\n" +
        " * WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTH-\n" +
        " * ERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED\n" +
        "";

    private static string? Evidence(string text) =>
        new VendoredCodeFilter(new VendoredCodeOptions()).Evidence(text, new JsonObject { ["path"] = "src/x.c", ["repo"] = "redis/redis" });

    [Fact]
    public void ContributorHeaderThatAlsoNamesTheProjectIsOwnCode() => Assert.Null(Evidence(IntsetHeader));

    [Fact]
    public void HeaderNamingOnlyAnotherAuthorIsACopy() =>
        Assert.Equal("license:* Copyright (c) 2000-2008 Marc Alexander Lehmann <schmorp@schmorp.de>", Evidence(LzfHeader));

    [Fact]
    public void WithoutTheProjectLineTheContributorHeaderIsACopy() =>
        Assert.Equal("license:* Copyright (c) 2009-2012, Pieter Noordhuis <pcnoordhuis at gmail dot com>",
            Evidence(IntsetHeader.Replace(" * Copyright (c) 2009-current, Redis Ltd.\n", "")));
}
