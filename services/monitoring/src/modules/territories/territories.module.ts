import { Global, Module, type DynamicModule } from '@nestjs/common';
import { loadTerritoryRegistry } from '@inps/territories';
import { RegistryTerritoryDirectory, TERRITORY_DIRECTORY, type TerritoryDirectory } from './territory-directory';

@Global()
@Module({})
export class TerritoriesModule {
  /** `directory` lets tests pass a small hand-written hierarchy; otherwise the ISTAT registry is loaded once. */
  static forRoot(directory?: TerritoryDirectory): DynamicModule {
    return {
      module: TerritoriesModule,
      providers: [{ provide: TERRITORY_DIRECTORY, useFactory: () => directory ?? new RegistryTerritoryDirectory(loadTerritoryRegistry()) }],
      exports: [TERRITORY_DIRECTORY],
    };
  }
}
