using System.Collections;

namespace OnlineConsole.Components.Logs;

/// <summary>
/// A read-only, newest-first view of a list, without copying it: Virtualize takes the few rows in view through the
/// indexer, so a tail of 200,000 lines costs a screenful per render.
/// </summary>
public sealed class NewestFirst<T>(IReadOnlyList<T> source) : IList<T>, IReadOnlyList<T>
{
    public T this[int index]
    {
        get => source[source.Count - 1 - index];
        set => throw new NotSupportedException();
    }

    public int Count => source.Count;
    public bool IsReadOnly => true;

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = source.Count - 1; i >= 0; i--) yield return source[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public int IndexOf(T item) => throw new NotSupportedException();
    public bool Contains(T item) => throw new NotSupportedException();

    public void CopyTo(T[] array, int arrayIndex)
    {
        ArgumentNullException.ThrowIfNull(array);
        for (var i = 0; i < source.Count; i++) array[arrayIndex + i] = this[i];
    }

    public void Add(T item) => throw new NotSupportedException();
    public void Clear() => throw new NotSupportedException();
    public void Insert(int index, T item) => throw new NotSupportedException();
    public bool Remove(T item) => throw new NotSupportedException();
    public void RemoveAt(int index) => throw new NotSupportedException();
}
