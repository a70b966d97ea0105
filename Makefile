# The two commands of the README: `make test` and `make demo`. Both install what
# is missing first and are safe to run again.
JAR      := target/iiot-nats-gateway.jar
MVN      := mvn -B -ntp
DEMO_DIR := target/demo

.PHONY: test demo demo-sites demo-cloud watch demo-stop package deps format docs clean bench bench-drain

deps:
	@.ci/install-deps

## Runs every test: unit tests, then integration tests against real servers.
test: deps
	$(MVN) verify

package: deps
	$(MVN) -DskipTests package

## Runs every benchmark scenario and rewrites docs/benchmarks.md (several minutes).
bench: package bench-drain
	java -jar $(JAR) bench opcua
	java -jar $(JAR) bench mqtt

## bench drain against local nats-server, PostgreSQL 15 and Cassandra 5 started for the run (SINK=greenplum|cassandra).
bench-drain: deps
	$(MVN) -q -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
	java -cp target/classes:target/test-classes:$$(cat target/test.classpath) io.iiot.gateway.drain.DrainBenchServers $${SINK:+--sink $$SINK}

## Starts nats-server, the plant simulator and the gateway on loopback; Ctrl-C stops all three.
demo: package
	@.ci/demo

## The edge-to-cloud topology of config/nats/ on loopback (3 cloud nodes, 2 sites,
## cuttable leaf links) with munich's gateway; type status / cut munich / restore munich.
demo-sites: package
	@.ci/demo-sites

## make demo plus PostgreSQL 15: the gateway drains the stream into telemetry.measurements; row counts every 5 s.
demo-cloud: package
	@.ci/demo-cloud

## Prints what arrives on NATS subjects (SUBJECT=acme.> by default) while the demo runs.
watch:
	@.ci/watch "$${SUBJECT:-acme.>}"

demo-stop:
	@.ci/demo stop

## Applies the project's Java format and import order (the build refuses anything else).
format:
	$(MVN) -q net.revelc.code.formatter:formatter-maven-plugin:format net.revelc.code:impsort-maven-plugin:sort

## Regenerates docs/catalog.md (routes and kamelets) and the dead-letter reasons in docs/message-format.md.
docs:
	$(MVN) -q test -Dtest=CatalogDocTest,MessageFormatDocTest -Dcatalog.write=true -Dsurefire.failIfNoSpecifiedTests=false

clean:
	$(MVN) -q clean
