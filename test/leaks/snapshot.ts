// Prints the suite baseline as JSON (scripts/test saves it before the tiers run).
import { takeSuiteSnapshot } from './suite-snapshot';

process.stdout.write(JSON.stringify(await takeSuiteSnapshot()));
