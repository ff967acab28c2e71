import sharp from 'sharp'

/**
 * Draws a demo illustration: a diagonal two-colour gradient with a few translucent circles.
 * No text, so it renders the same whatever fonts the machine has.
 */
export async function generateImage(colors: [string, string], seed: number, width = 1600, height = 900): Promise<Buffer> {
  const circles = Array.from({ length: 5 }, (_, index) => {
    const x = ((seed * 37 + index * 211) % 100) / 100
    const y = ((seed * 53 + index * 97) % 100) / 100
    const r = 60 + ((seed * 13 + index * 71) % 180)
    return `<circle cx="${Math.round(x * width)}" cy="${Math.round(y * height)}" r="${r}" fill="#fff" fill-opacity="0.${12 + index * 4}"/>`
  }).join('')
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="${colors[0]}"/><stop offset="1" stop-color="${colors[1]}"/>
    </linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>${circles}</svg>`
  return sharp(Buffer.from(svg)).png().toBuffer()
}
