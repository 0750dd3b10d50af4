using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace YuLanData.Jobs.Pipelines;

/// <summary>
/// Refuses YAML nested deeper than a pipeline ever needs, by streaming the parser's events (which keeps its own
/// stack on the heap) before anything recursive builds or walks a tree: 50,000 nested <c>[</c> would otherwise
/// overflow the thread's stack and end the process.
/// </summary>
public static class YamlNesting
{
    /// <summary>Deepest nesting of mappings and sequences accepted.</summary>
    public const int MaxDepth = 64;

    /// <summary>Throws when <paramref name="yaml"/> nests deeper than <see cref="MaxDepth"/>.</summary>
    /// <param name="yaml">The YAML text.</param>
    /// <param name="file">Names the text in the error.</param>
    /// <exception cref="PipelineConfigException">Too deep (at the first node beyond the limit) or not valid YAML.</exception>
    public static void Check(string yaml, string file)
    {
        var parser = new Parser(new StringReader(yaml));
        int depth = 0;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case SequenceStart or MappingStart:
                        if (++depth > MaxDepth)
                            throw new PipelineConfigException(file, parser.Current.Start.Line, parser.Current.Start.Column,
                                $"nested deeper than {MaxDepth} levels of lists and mappings");
                        break;
                    case SequenceEnd or MappingEnd:
                        depth--;
                        break;
                }
            }
        }
        catch (YamlException e)
        {
            throw new PipelineConfigException(file, e.Start.Line, e.Start.Column, "not valid YAML: " + (e.InnerException?.Message ?? e.Message));
        }
    }
}
