namespace YuLanData.Filters.Heuristics;

/// <summary>Options of <see cref="C4QualityFilter"/>; names and defaults are datatrove's <c>C4QualityFilter</c> arguments.</summary>
public sealed class C4QualityOptions : IScoreOnlyOptions
{
    /// <summary>Work on lines (<c>str.splitlines</c>) as C4 does; false: work on sentences and join kept ones with a space.</summary>
    public bool SplitParagraph { get; set; } = true;

    /// <summary>Remove Wikipedia-style citations <c>[12]</c>, <c>[edit]</c>, <c>[citation needed]</c> from lines.</summary>
    public bool RemoveCitations { get; set; } = true;

    /// <summary>Drop lines that do not end in . ? ! " ' or that end in "...".</summary>
    public bool FilterNoTerminalPunct { get; set; } = true;

    /// <summary>Drop the document (<c>too_few_sentences</c>) when the kept lines hold fewer sentences; -1 disables.</summary>
    public int MinNumSentences { get; set; } = 5;

    /// <summary>Drop lines with fewer whitespace-separated words; -1 disables.</summary>
    public int MinWordsPerLine { get; set; } = 3;

    /// <summary>Drop lines with a word longer than this many characters; -1 disables.</summary>
    public int MaxWordLength { get; set; } = 1000;

    /// <summary>Drop the document (<c>lorem_ipsum</c>) when a kept line contains "lorem ipsum" (any case).</summary>
    public bool FilterLoremIpsum { get; set; } = true;

    /// <summary>Drop lines mentioning "javascript" (any case).</summary>
    public bool FilterJavascript { get; set; } = true;

    /// <summary>Drop the document (<c>curly_bracket</c>) when a kept line contains "{".</summary>
    public bool FilterCurlyBracket { get; set; } = true;

    /// <summary>Drop lines with cookie/terms-of-use/privacy-policy phrases.</summary>
    public bool FilterPolicy { get; set; } = true;

    /// <summary>Language of the documents. For Chinese (<c>zh</c>, <c>cmn_Hani</c>, ...), whose lines have no spaces,
    /// words per line and the word-length limit count jieba words (punctuation-only tokens not counted), a line ends in
    /// terminal punctuation with 。！？ as well (closing quotes or brackets may follow), sentences end at 。！？ and the
    /// policy rule also matches the Chinese phrases (隐私政策, 使用条款, ...). Other languages: C4's rules as they are.</summary>
    public string Language { get; set; } = "en";

    /// <summary>Keep every document unchanged and write the line statistics to metadata key <c>c4_quality</c> instead.</summary>
    public bool ScoreOnly { get; set; }

    /// <summary>For math-rich documents (<see cref="MathDetector"/>) do not apply the curly-bracket and terminal-punctuation rules.</summary>
    public bool MathAware { get; set; }

    public void Validate()
    {
        if (MinNumSentences < -1 || MinWordsPerLine < -1 || MaxWordLength < -1)
            throw new ArgumentException("c4_quality: min_num_sentences, min_words_per_line and max_word_length must be >= -1");
    }
}
