namespace YuLanData.Filters;

/// <summary>
/// One keep/drop (or rewrite) decision over a document. Implementations are pure (text and metadata in,
/// decision out), thread-safe, and are shared by all workers of a run.
/// </summary>
/// <remarks>
/// To make a filter a pipeline stage, mark the class with <see cref="StageAttribute"/> and give it one
/// public constructor taking its options object. The engine binds YAML parameters to the options
/// object's public settable properties: the YAML key is the snake_case form of the property name
/// (<c>MinDocWords</c> ⇔ <c>min_doc_words</c>). Supported property types: bool, int, long, double,
/// string, enums (snake_case names), string[]/List&lt;string&gt;, Dictionary&lt;int, double&gt;,
/// Dictionary&lt;string, string|double|int&gt; and nullable forms. An options class may expose a
/// public <c>void Validate()</c> that throws <see cref="ArgumentException"/> for bad values.
/// </remarks>
public interface IDocumentFilter
{
    FilterOutcome Apply(in FilterInput input);
}
