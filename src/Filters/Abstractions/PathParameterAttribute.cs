namespace YuLanData.Filters;

/// <summary>
/// Marks a stage option whose value is a file or folder the stage opens (a model, a word list, an index). A host
/// that confines paths (the pipeline service) checks every marked option before a run is accepted and again
/// before each attempt, whatever the stage.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class PathParameterAttribute : Attribute;
