package io.kcsink.migrate;

/** What a connector's translation reads from and writes to: its settings, the YAML, the notes. */
record Translation(Settings settings, YamlTree yaml, Values values, Notes notes, ConnectSettings connect) {

    static Translation of(ConnectorConfig config) {
        Settings settings = new Settings(config.settings());
        YamlTree yaml = new YamlTree();
        Notes notes = new Notes();
        Values values = new Values(notes);
        return new Translation(settings, yaml, values, notes, new ConnectSettings(settings, yaml, values, notes));
    }

    SslBundles bundles() {
        return new SslBundles(yaml, values);
    }
}
