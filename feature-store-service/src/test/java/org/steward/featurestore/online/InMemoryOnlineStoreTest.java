package org.steward.featurestore.online;

/** The test double keeps the contract, so domain tests on it say something about the real backends. */
class InMemoryOnlineStoreTest extends OnlineStoreContract {

    private final InMemoryOnlineStore store = new InMemoryOnlineStore();

    @Override
    protected OnlineStore store() {
        return store;
    }
}
