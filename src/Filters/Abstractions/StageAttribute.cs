namespace YuLanData.Filters;

/// <summary>Registers a filter class as a pipeline stage under <paramref name="name"/>.</summary>
/// <param name="name">The stage name used in pipeline YAML, e.g. <c>gopher_quality</c>.</param>
/// <param name="description">One line for <c>--help</c> and error messages.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class StageAttribute(string name, string description) : Attribute
{
    public string Name { get; } = name;

    public string Description { get; } = description;
}
