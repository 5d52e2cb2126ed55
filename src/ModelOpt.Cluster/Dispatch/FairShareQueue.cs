namespace ModelOpt.Cluster.Dispatch;

/// <summary>
/// Which search gets the next free slot. Each search states how many more slots it wants (<see cref="SlotDemand"/>),
/// with its spec's priority and share. A free slot goes to the search with open demand of the highest priority; among
/// equal priorities, to the one holding the fewest slots per unit of share (granted or running), and among those to
/// the one granted longest ago — weighted fair sharing of slots, round-robin between equals. A search's open demand is
/// what it wants less the grants still on their way to it, so it is never granted more than it asked for. Every step
/// costs O(log searches): the searches with open demand are kept ordered.
/// </summary>
internal sealed class FairShareQueue
{
    /// <summary>One search's demand and holdings. The ordering fields change only while it is out of the ordered set.</summary>
    public sealed class Demand(string searchId)
    {
        public string SearchId { get; } = searchId;
        public int Wanted { get; set; }
        public long GrantsSent { get; set; }
        public long GrantsSeen { get; set; }
        public int Priority { get; set; }
        public double Share { get; set; } = 1;

        /// <summary>The entity run whose grant count <see cref="GrantsSeen"/> is (see <see cref="SlotDemand.Incarnation"/>).</summary>
        public string? Incarnation { get; set; }

        /// <summary>Slots granted to or running a trial of this search.</summary>
        public int Held { get; set; }

        /// <summary>When it was last granted a slot (a grant counter), for round-robin between equals.</summary>
        public long LastGrant { get; set; }

        public int Open => (int)Math.Max(0, Wanted - (GrantsSent - GrantsSeen));
    }

    private sealed class ByClaim : IComparer<Demand>
    {
        public static readonly ByClaim Instance = new();

        public int Compare(Demand? x, Demand? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            var c = y!.Priority.CompareTo(x!.Priority);
            if (c != 0) return c;
            c = (x.Held / x.Share).CompareTo(y.Held / y.Share);
            if (c != 0) return c;
            c = x.LastGrant.CompareTo(y.LastGrant);
            return c != 0 ? c : string.CompareOrdinal(x.SearchId, y.SearchId);
        }
    }

    private readonly Dictionary<string, Demand> _demands = new(StringComparer.Ordinal);
    private readonly SortedSet<Demand> _open = new(ByClaim.Instance);
    private long _grants;

    /// <summary>Searches that want slots they have not been granted.</summary>
    public int OpenSearches => _open.Count;

    /// <summary>The demand of a search, or null if it holds nothing and wants nothing.</summary>
    public Demand? Find(string searchId) => _demands.GetValueOrDefault(searchId);

    /// <summary>A search's latest demand (see <see cref="SlotDemand"/>).</summary>
    public void Update(SlotDemand demand) => Change(demand.SearchId, d =>
    {
        d.Wanted = demand.Wanted;
        d.GrantsSeen = demand.GrantsSeen;
        // Grants sent to an earlier run of the entity were lost with it (or counted by the new run as seen already).
        d.GrantsSent = demand.Incarnation != d.Incarnation ? demand.GrantsSeen : Math.Max(d.GrantsSent, demand.GrantsSeen);
        d.Incarnation = demand.Incarnation;
        d.Priority = demand.Priority;
        d.Share = demand.Share > 0 ? demand.Share : 1;
    });

    /// <summary>The search the next free slot goes to, or null when no search wants one.</summary>
    public string? Next => _open.Count > 0 ? _open.Min!.SearchId : null;

    /// <summary>Whether a search other than <paramref name="searchId"/> wants a slot it has not been granted.</summary>
    public bool OthersWait(string searchId) => _open.Count > 1 || (_open.Count == 1 && _open.Min!.SearchId != searchId);

    /// <summary>A slot was granted to the search.</summary>
    public void Granted(string searchId) => Change(searchId, d =>
    {
        d.GrantsSent++;
        d.Held++;
        d.LastGrant = ++_grants;
    });

    /// <summary>The search started another attempt on a slot it kept: for round-robin between equals it was served now.</summary>
    public void Reused(string searchId) => Change(searchId, d => d.LastGrant = ++_grants);

    /// <summary>The search holds a slot it was not granted here (a running attempt a worker re-registered with).</summary>
    public void Holds(string searchId) => Change(searchId, d => d.Held++);

    /// <summary>A slot the search held is free again (released, its attempt ended or was lost, the grant expired).</summary>
    public void Released(string searchId) => Change(searchId, d => d.Held = Math.Max(0, d.Held - 1));

    private void Change(string searchId, Action<Demand> change)
    {
        if (_demands.TryGetValue(searchId, out var demand)) _open.Remove(demand);
        else _demands[searchId] = demand = new Demand(searchId);
        change(demand);
        if (demand.Open > 0) _open.Add(demand);
        // A search that wants and holds nothing is forgotten; grants still in flight are settled by its next demand.
        else if (demand.Wanted == 0 && demand.Held == 0) _demands.Remove(searchId);
    }
}
