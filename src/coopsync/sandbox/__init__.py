"""The built-in sandbox: simulated buyers, the sandbox shop on disk, the fake-marketplace contract.

Each platform's own fake lives beside its adapter and subclasses `marketplace.FakeMarketplace`;
the core reaches it only through the platform's descriptor.
"""
